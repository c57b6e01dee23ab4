import { describe, expect, it } from 'vitest';
import type { Decision } from '../nlu/decide.js';
import { handoffDecision, REFUSE_TEXT } from '../nlu/decide.js';
import { initialState, OFFER_SEAT_TEXT, step } from './policy.js';

const answer: Decision = {
  kind: 'answer',
  text: '办理「结婚登记」需要准备：…',
  matterId: 'm-1',
  basicCode: '000721001000',
  faqId: null,
  facet: 'materials',
  confidence: 0.9,
};
const notFound: Decision = { kind: 'refuse', reason: 'notFound', text: REFUSE_TEXT.notFound, confidence: 0.1 };
const clarify: Decision = {
  kind: 'clarify',
  text: '您想咨询的是下面哪一项？',
  options: [
    { basicCode: 'a', name: '居民身份证补领', matterId: 'm-2' },
    { basicCode: 'b', name: '居民身份证换领', matterId: 'm-3' },
  ],
  confidence: 0.4,
};

describe('dialogue policy', () => {
  it('answers first and shows the guide card', () => {
    const { state, actions } = step(initialState(), '领证要带啥', answer);
    expect(actions).toEqual([
      { type: 'say', text: answer.text },
      { type: 'showGuide', matterId: 'm-1' },
    ]);
    expect(state).toMatchObject({ phase: 'bot', lowStreak: 0, matterId: 'm-1' });
  });

  it('hands off on 转人工 at any time, with the matter and the transcript', () => {
    const first = step(initialState(), '领证要带啥', answer);
    const { state, actions } = step(first.state, '转人工', handoffDecision('requested'));
    expect(state.phase).toBe('seat');
    const handoff = actions.find((a) => a.type === 'handoff');
    expect(handoff).toMatchObject({ matterId: 'm-1', reason: 'requested' });
    expect(handoff?.type === 'handoff' && handoff.transcript.map((l) => l.text)).toContain('领证要带啥');
  });

  it('offers a seat after two low-confidence replies in a row, and hands off when accepted', () => {
    const one = step(initialState(), '那个证', clarify);
    expect(one.actions.some((a) => a.type === 'say' && a.text === OFFER_SEAT_TEXT)).toBe(false);
    expect(one.actions).toContainEqual({
      type: 'showButtons',
      buttons: [
        { label: '居民身份证补领', value: '居民身份证补领' },
        { label: '居民身份证换领', value: '居民身份证换领' },
      ],
    });
    const two = step(one.state, '不是这个', notFound);
    expect(two.state.phase).toBe('offered');
    expect(two.actions).toContainEqual({ type: 'say', text: OFFER_SEAT_TEXT });
    const three = step(two.state, '好的', notFound);
    expect(three.state.phase).toBe('seat');
    expect(three.actions.find((a) => a.type === 'handoff')).toMatchObject({ reason: 'lowConfidence', matterId: 'm-2' });
  });

  it('a confident answer between two low-confidence replies resets the count', () => {
    const one = step(initialState(), '那个证', notFound);
    const two = step(one.state, '领证要带啥', answer);
    const three = step(two.state, '嗯嗯', notFound);
    expect(three.state).toMatchObject({ phase: 'bot', lowStreak: 1 });
  });

  it('sends a complaint straight to a seat and then stays silent', () => {
    const { state, actions } = step(initialState(), '我要投诉', handoffDecision('complaint'));
    expect(state.phase).toBe('seat');
    expect(actions.find((a) => a.type === 'handoff')).toMatchObject({ reason: 'complaint', matterId: null });
    expect(step(state, '喂？', answer).actions).toEqual([]);
  });
});
