import { describe, expect, it } from 'vitest';
import { numberText, sayNumber } from './numbers.js';

describe('sayNumber', () => {
  it.each([
    [0, ['num-0'], '零'],
    [7, ['num-7'], '七'],
    [10, ['num-10'], '十'],
    [15, ['num-10', 'num-5'], '十五'],
    [20, ['num-2', 'num-10'], '二十'],
    [101, ['num-1', 'num-100', 'num-0', 'num-1'], '一百零一'],
    [110, ['num-1', 'num-100', 'num-1', 'num-10'], '一百一十'],
    [999, ['num-9', 'num-100', 'num-9', 'num-10', 'num-9'], '九百九十九'],
  ])('%i → %j (%s)', (n, clips, text) => {
    expect(sayNumber(n)).toEqual(clips);
    expect(numberText(n)).toBe(text);
  });

  it('says hundreds and thousands the spoken way', () => {
    expect(numberText(200)).toBe('两百');
    expect(numberText(222)).toBe('两百二十二');
    expect(numberText(305)).toBe('三百零五');
    expect(numberText(1000)).toBe('一千');
    expect(numberText(1010)).toBe('一千零一十');
    expect(numberText(1001)).toBe('一千零一');
    expect(numberText(2019)).toBe('两千零一十九');
    expect(numberText(9999)).toBe('九千九百九十九');
  });

  it('says 2 as 两 when counting (两位, 两分钟), not inside a number', () => {
    expect(sayNumber(2)).toEqual(['num-2']);
    expect(sayNumber(2, { counting: true })).toEqual(['num-liang']);
    expect(numberText(12, { counting: true })).toBe('十二');
    expect(numberText(22, { counting: true })).toBe('二十二');
  });

  it('refuses what it cannot say', () => {
    for (const n of [-1, 1.5, 10_000, Number.NaN]) expect(() => sayNumber(n)).toThrow(RangeError);
  });
});
