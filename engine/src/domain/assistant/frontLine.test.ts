import { describe, expect, it } from 'vitest';
import { beijingInstant } from '../schedule/beijingTime.js';
import { afterHoursMove, assistantServesNow, greetingText, inDailyWindow, readFrontLineState } from './frontLine.js';

const at = (time: string) => beijingInstant('2026-11-30', time);

describe('the assistant’s daily window (Beijing time)', () => {
  it('runs all day when from equals to', () => {
    for (const t of ['00:00', '07:59', '12:00', '23:59']) expect(inDailyWindow('00:00', '00:00', at(t))).toBe(true);
  });
  it('is half-open within a day', () => {
    expect(inDailyWindow('08:00', '20:00', at('07:59'))).toBe(false);
    expect(inDailyWindow('08:00', '20:00', at('08:00'))).toBe(true);
    expect(inDailyWindow('08:00', '20:00', at('19:59'))).toBe(true);
    expect(inDailyWindow('08:00', '20:00', at('20:00'))).toBe(false);
  });
  it('runs past midnight when to is before from', () => {
    expect(inDailyWindow('20:00', '08:00', at('23:30'))).toBe(true);
    expect(inDailyWindow('20:00', '08:00', at('03:00'))).toBe(true);
    expect(inDailyWindow('20:00', '08:00', at('08:00'))).toBe(false);
    expect(inDailyWindow('20:00', '08:00', at('12:00'))).toBe(false);
  });
  it('serves only when enabled', () => {
    expect(assistantServesNow({ enabled: false, from: '00:00', to: '00:00' }, at('12:00'))).toBe(false);
    expect(assistantServesNow({ enabled: true, from: '00:00', to: '00:00' }, at('12:00'))).toBe(true);
  });
});

describe('after hours', () => {
  it('留言 asks for the message, the next text is the message, 转人工 offers again, anything else goes back to the assistant', () => {
    expect(afterHoursMove('offered', ' 留言 ')).toEqual({ kind: 'promptMessage' });
    expect(afterHoursMove('offered', '转人工')).toEqual({ kind: 'offerAgain' });
    expect(afterHoursMove('offered', '结婚登记要带什么')).toEqual({ kind: 'backToAssistant' });
    expect(afterHoursMove('leavingMessage', ' 请回电 ')).toEqual({ kind: 'messageLeft', message: '请回电' });
  });
});

describe('stored state', () => {
  it('reads what was stored and starts afresh from anything else', () => {
    expect(readFrontLineState({ dialogue: { phase: 'bot' }, afterHours: 'offered', turns: 3 })).toEqual({
      dialogue: { phase: 'bot' },
      afterHours: 'offered',
      turns: 3,
    });
    expect(readFrontLineState(null)).toEqual({ dialogue: null, afterHours: null, turns: 0 });
    expect(readFrontLineState({ afterHours: 'nonsense', turns: 'x' })).toEqual({
      dialogue: null,
      afterHours: null,
      turns: 0,
    });
  });
  it('greets with the matter the citizen came with', () => {
    expect(greetingText('结婚登记')).toContain('“结婚登记”');
    expect(greetingText(null)).toContain('身份证丢了怎么办');
  });
});
