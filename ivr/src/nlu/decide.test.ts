import { describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge } from '../knowledge/buildKnowledge.js';
import { decide, THRESHOLDS } from './decide.js';
import type { IntentResult } from './intents.js';
import { retrieve, type Retrieval } from './retrieval.js';

const k = buildKnowledge(seedGuides(), seedFaqs(), SEED_SYNONYMS);
const ask: IntentResult = { intent: 'ask', score: 0.95 };
const run = (text: string, intent: IntentResult = ask, region = '150602') =>
  decide(k, text, intent, retrieve(k, text), region);
const withConfidence = (text: string, confidence: number): Retrieval => ({ ...retrieve(k, text), confidence });

describe('decide', () => {
  it('answers a confident question with the facet and the asking region’s guide', () => {
    const d = run('领证要带啥');
    expect(d.kind).toBe('answer');
    if (d.kind !== 'answer') return;
    expect(d.basicCode).toBe('000721001000');
    expect(d.facet).toBe('materials');
    expect(d.matterId).toBe(seedGuides().find((g) => g.name === '结婚登记' && g.regionCode === '150602')!.id);
    expect(d.text).toContain('双方居民身份证');
  });

  it('hands off on 转人工, a complaint or an urgent intent', () => {
    expect(run('转人工', { intent: 'handoff', score: 0.99 })).toMatchObject({ kind: 'handoff', reason: 'requested' });
    expect(run('我要投诉', { intent: 'complaint', score: 0.9 })).toMatchObject({
      kind: 'handoff',
      reason: 'complaint',
    });
    expect(run('救命', { intent: 'urgent', score: 0.9 })).toMatchObject({ kind: 'handoff', reason: 'urgent' });
  });

  it('never hands off without a cue word, however sure NLP.js is', () => {
    expect(run('博物馆门票多少钱', { intent: 'urgent', score: 0.96 }).kind).not.toBe('handoff');
    expect(run('想成立个合作社', { intent: 'handoff', score: 0.9 }).kind).not.toBe('handoff');
  });

  it('hands off on an explicit cue whatever NLP.js says; a soft cue needs NLP.js to agree', () => {
    expect(run('我要投诉结婚登记窗口', ask)).toMatchObject({ kind: 'handoff', reason: 'complaint' });
    expect(run('你是真人吗', { intent: 'none', score: 0.9 }).kind).not.toBe('handoff');
    expect(run('你是真人吗', { intent: 'handoff', score: 0.9 })).toMatchObject({
      kind: 'handoff',
      reason: 'requested',
    });
    expect(run('灶台点不着火', { intent: 'none', score: 0.7 }).kind).not.toBe('handoff');
  });

  it('refuses a question the knowledge covers only in part, without a name said', () => {
    const d = run('孩子感冒咳嗽吃什么好', { intent: 'none', score: 0.8, none: 0.8 });
    expect(d).toMatchObject({ kind: 'refuse', reason: 'offTopic' });
  });

  it('keeps a confident answer when a handoff intent has none of its cue words (投靠 is not 投诉)', () => {
    expect(run('夫妻投靠落户要带啥', { intent: 'complaint', score: 0.7 }).kind).toBe('answer');
    expect(run('夫妻投靠落户要带啥', { intent: 'complaint', score: THRESHOLDS.handoffIntent - 0.01 }).kind).toBe(
      'answer',
    );
  });

  it('answers at the answer threshold, clarifies below it, refuses below the clarify threshold', () => {
    const text = '身份证';
    expect(decide(k, text, ask, withConfidence(text, THRESHOLDS.answer - 0.01)).kind).toBe('clarify');
    const clarify = decide(k, text, ask, withConfidence(text, THRESHOLDS.clarify));
    expect(clarify.kind).toBe('clarify');
    if (clarify.kind === 'clarify') expect(clarify.options.length).toBeGreaterThanOrEqual(2);
    expect(decide(k, text, ask, withConfidence(text, THRESHOLDS.clarify - 0.01))).toMatchObject({
      kind: 'refuse',
      reason: 'notFound',
    });
  });

  it('refuses off-topic questions politely and says what it can do', () => {
    const d = run('今天天气怎么样', { intent: 'none', score: 0.9 });
    expect(d).toMatchObject({ kind: 'refuse', reason: 'offTopic' });
    expect(d.text).toContain('办理材料');
  });

  it('does not answer a thin match without a name (one summary word), nor a chit-chat-sounding one', () => {
    const text = '银行几点关门';
    const r = retrieve(k, text);
    expect(r.hits[0]?.phrase).toBe(false);
    expect(r.hits[0]!.score).toBeLessThan(THRESHOLDS.minScore);
    expect(decide(k, text, ask, r).kind).toBe('refuse');
    expect(decide(k, text, ask, r, undefined, { ...THRESHOLDS, minScore: 0 }).kind).not.toBe('refuse');
    const conf = withConfidence('身份证', THRESHOLDS.answer + 0.05);
    expect(decide(k, '身份证', { ...ask, none: 0 }, conf).kind).not.toBe('refuse');
    // NLP.js's none counts in proportion to what the knowledge does not hold of the question
    const partly = { ...conf, confidence: THRESHOLDS.clarify, coverage: THRESHOLDS.minCoverage };
    expect(decide(k, '身份证', { ...ask, none: 1 }, partly).kind).toBe('refuse');
    expect(decide(k, '身份证', { ...ask, none: 1 }, { ...partly, coverage: 1 }).kind).not.toBe('refuse');
  });

  it('replies to a greeting that asks nothing', () => {
    expect(run('你好', { intent: 'greeting', score: 0.95 })).toMatchObject({ kind: 'smalltalk', intent: 'greeting' });
  });
});
