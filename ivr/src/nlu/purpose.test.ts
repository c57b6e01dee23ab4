import { describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge } from '../knowledge/buildKnowledge.js';
import { decide } from './decide.js';
import type { IntentResult } from './intents.js';
import { nonServicePurpose } from './purpose.js';
import { retrieve } from './retrieval.js';

const k = buildKnowledge(seedGuides(), seedFaqs(), SEED_SYNONYMS);
const ask: IntentResult = { intent: 'ask', score: 0.95 };
const run = (text: string) => decide(k, text, ask, retrieve(k, text), '150602');

describe('nonServicePurpose', () => {
  it('flags a catalog word said for a meaning, advice, an opinion or feelings', () => {
    for (const q of [
      '营业执照上的统一社会信用代码是什么意思',
      '社保卡和医保卡哪个好用',
      '结婚了送什么礼物好',
      '住房公积金贷款划算吗',
      '考公务员难不难',
      '驾驶证扣分了心情不好怎么办',
      '离婚财产怎么分',
      '退休了干点什么好',
    ]) {
      expect(nonServicePurpose(q), q).toBe(true);
    }
  });

  it('lets a procedure cue win, and 怎么办 alone is no procedure', () => {
    for (const q of [
      '营业执照办理难不难',
      '低保申请难吗',
      '新生儿医保推荐在哪里办',
      '户口本丢了心情很差怎么办',
      '社保卡密码是什么意思，在哪改',
      '身份证丢了怎么办',
      '结婚登记要带啥',
    ]) {
      expect(nonServicePurpose(q), q).toBe(false);
    }
  });
});

describe('decide with the purpose', () => {
  it('refuses a named matter asked for a meaning or an opinion, answers it asked for a procedure', () => {
    expect(run('社保卡密码是什么意思')).toMatchObject({ kind: 'refuse', reason: 'offTopic' });
    expect(run('住房公积金贷款划算吗')).toMatchObject({ kind: 'refuse', reason: 'offTopic' });
    expect(run('营业执照办理难不难').kind).toBe('answer');
    expect(run('身份证丢了怎么办').kind).toBe('answer');
  });
});
