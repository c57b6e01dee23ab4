import { describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge } from '../knowledge/buildKnowledge.js';
import { detectFacet } from './facets.js';
import { expandSynonyms, retrieve, rewriteColloquial } from './retrieval.js';
import { segment } from './segment.js';

const k = buildKnowledge(seedGuides(), seedFaqs(), SEED_SYNONYMS);
const topName = (q: string) => {
  const d = retrieve(k, q).hits[0]?.doc;
  return d?.kind === 'matter' ? d.name : d?.faq.question;
};

describe('retrieve', () => {
  it('finds a matter by a colloquial word from the synonym table or aliases', () => {
    expect(topName('领证要带啥')).toBe('结婚登记');
    expect(topName('身份证丢了怎么办')).toBe('居民身份证补领');
    expect(topName('房本丢了咋整')).toBe('不动产权证书补发');
  });

  it('is confident on a named matter and not on an off-topic question', () => {
    expect(retrieve(k, '结婚登记在哪里办').confidence).toBeGreaterThan(0.6);
    expect(retrieve(k, '今天天气怎么样').confidence).toBeLessThan(0.3);
  });

  it('rewrites everyday variants to the aliases’ form, and expands the longest synonym only', () => {
    expect(rewriteColloquial('户口本找不着了咋整')).toBe('户口本丢了咋整');
    expect(topName('营业执照弄丢了')).toBe('营业执照补领换发');
    expect(expandSynonyms(k, '社保卡坏了')).toBe('社保卡坏了社会保障卡');
  });

  it('cuts the question into words, keeping the knowledge’s phrases whole and Latin runs together', () => {
    const vocabulary = new Set(['社保卡丢了']);
    expect(segment('社保卡丢了怎么办', vocabulary)[0]).toBe('社保卡丢了');
    expect(segment('howareyou', vocabulary)).toEqual(['howareyou']);
  });

  it('measures how much of the question the knowledge holds at all (coverage)', () => {
    expect(retrieve(k, '老人想领高龄津贴').coverage).toBeGreaterThan(0.8);
    expect(retrieve(k, '篮球比赛谁赢了').coverage).toBeLessThan(0.3);
    expect(retrieve(k, 'good morning').coverage).toBeLessThan(0.3);
  });

  it('tells the facet asked about', () => {
    expect(detectFacet('结婚要带什么材料').facet).toBe('materials');
    expect(detectFacet('办身份证要多长时间').facet).toBe('timeLimit');
    expect(detectFacet('社保卡在哪儿办').facet).toBe('place');
    expect(detectFacet('营业执照能在网上办吗').facet).toBe('online');
    expect(detectFacet('失业金怎么领').facet).toBe('process');
    expect(detectFacet('低保').facet).toBe('overview');
    // a cue that names the facet beats a vague one; 怎么 + a verb is a process; 什么时候 is hours
    expect(detectFacet('开药店需要什么资格').facet).toBe('conditions');
    expect(detectFacet('残疾证补办网上能办吗').facet).toBe('online');
    expect(detectFacet('医保卡怎么激活').facet).toBe('process');
    expect(detectFacet('草原补贴什么时候发').facet).toBe('hours');
    expect(detectFacet('外地人可以办居住证吗').facet).toBe('conditions');
  });
});
