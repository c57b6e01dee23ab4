import { describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge } from '../knowledge/buildKnowledge.js';
import { detectFacet } from './facets.js';
import { retrieve } from './retrieval.js';

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

  it('tells the facet asked about', () => {
    expect(detectFacet('结婚要带什么材料').facet).toBe('materials');
    expect(detectFacet('办身份证要多长时间').facet).toBe('timeLimit');
    expect(detectFacet('社保卡在哪儿办').facet).toBe('place');
    expect(detectFacet('营业执照能在网上办吗').facet).toBe('online');
    expect(detectFacet('失业金怎么领').facet).toBe('process');
    expect(detectFacet('低保').facet).toBe('overview');
  });
});
