import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge } from '../knowledge/buildKnowledge.js';
import { Assistant } from './assistant.js';
import { IntentClassifier } from './intents.js';

let assistant: Assistant;
let intents: IntentClassifier;
const guides = seedGuides();

beforeAll(async () => {
  intents = await IntentClassifier.train();
  assistant = new Assistant(intents, buildKnowledge(guides, seedFaqs(), SEED_SYNONYMS));
}, 30_000);

describe('Assistant (NLP.js intents + retrieval)', () => {
  it('classifies the dialogue intents', async () => {
    expect((await intents.classify('帮我转人工')).intent).toBe('handoff');
    expect((await intents.classify('我要投诉你们')).intent).toBe('complaint');
    expect((await intents.classify('谢谢你')).intent).toBe('thanks');
  });

  it('answers a matter question and refuses off-topic ones', async () => {
    expect((await assistant.understand('社保卡丢了怎么挂失', '150602')).decision).toMatchObject({
      kind: 'answer',
      basicCode: '002032008000',
    });
    for (const q of ['给我讲个笑话', '你叫什么名字', '明天会下雨吗']) {
      expect((await assistant.understand(q)).decision.kind, q).toBe('refuse');
    }
  });

  it('hands off 转人工 and complaints', async () => {
    expect((await assistant.understand('转人工')).decision).toMatchObject({ kind: 'handoff', reason: 'requested' });
    expect((await assistant.understand('我要投诉窗口工作人员')).decision).toMatchObject({
      kind: 'handoff',
      reason: 'complaint',
    });
  });

  it('answers from rebuilt knowledge without retraining', async () => {
    expect((await assistant.understand('办喜证要带什么')).decision.kind).not.toBe('answer');
    const changed = guides.map((g) => (g.name === '结婚登记' ? { ...g, aliases: [...g.aliases, '办喜证'] } : g));
    assistant.setKnowledge(buildKnowledge(changed, seedFaqs(), SEED_SYNONYMS));
    expect((await assistant.understand('办喜证要带什么')).decision).toMatchObject({
      kind: 'answer',
      basicCode: '000721001000',
    });
  });
});
