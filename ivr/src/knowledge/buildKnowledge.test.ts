import { describe, expect, it } from 'vitest';
import { SEED_SYNONYMS, seedFaqs, seedGuides } from '../../eval/seed.js';
import { buildKnowledge, guideFor, type MatterDoc } from './buildKnowledge.js';
import { facetAnswer } from './answers.js';
import { COLLOQUIAL_SYNONYMS } from './colloquial.js';

const guides = seedGuides();
const faqs = seedFaqs();

describe('buildKnowledge', () => {
  it('indexes one document per matter (all regions grouped) and one per FAQ entry', () => {
    const k = buildKnowledge(guides, faqs, SEED_SYNONYMS);
    expect(k.matterCount).toBe(new Set(guides.map((g) => g.basicCode)).size);
    expect(k.matterCount).toBe(99);
    expect(k.faqCount).toBe(faqs.length);
    const marriage = k.docs.find((d) => d.doc.kind === 'matter' && d.doc.name === '结婚登记')!.doc as MatterDoc;
    expect(marriage.phrases).toContain('领证');
    expect(marriage.guides.size).toBe(10);
    expect(k.postings.get('结婚')!.length).toBeGreaterThan(0);
    expect(Object.isFrozen(k)).toBe(true);
  });

  it('adds its own colloquial table under the given one, each catalog word in some matter name', () => {
    const k = buildKnowledge(guides, faqs, { 公积金: '公积金贷款' });
    const table = new Map(k.synonyms);
    expect(table.get('公积金')).toBe('公积金贷款');
    expect(table.get('驾驶证')).toBe('机动车驾驶证');
    const names = [...new Set(guides.map((g) => g.name))].join('|');
    for (const canonical of Object.values(COLLOQUIAL_SYNONYMS)) expect(names, canonical).toContain(canonical);
  });

  it('answers from the asking region, else the city', () => {
    const k = buildKnowledge(guides, faqs, SEED_SYNONYMS);
    const marriage = k.docs.find((d) => d.doc.kind === 'matter' && d.doc.name === '结婚登记')!.doc as MatterDoc;
    expect(guideFor(marriage, '150602').regionCode).toBe('150602');
    const cityOnly = k.docs.find((d) => d.doc.kind === 'matter' && d.doc.name === '排污许可')!.doc as MatterDoc;
    expect(guideFor(cityOnly, '150602').regionCode).toBe('150600');
  });

  it('a rebuild sees changed rows (a new alias finds the matter)', () => {
    const before = buildKnowledge(guides, faqs, {});
    const changed = guides.map((g) => (g.name === '结婚登记' ? { ...g, aliases: [...g.aliases, '办喜证'] } : g));
    const after = buildKnowledge(changed, faqs, {});
    const phrasesOf = (k: typeof before) =>
      k.docs.find((d) => d.doc.kind === 'matter' && d.doc.name === '结婚登记')!.doc.phrases;
    expect(phrasesOf(before)).not.toContain('办喜证');
    expect(phrasesOf(after)).toContain('办喜证');
  });

  it('builds facet answers from the guide', () => {
    const g = guides.find((r) => r.name === '结婚登记' && r.regionCode === '150600')!;
    expect(facetAnswer(g, 'materials')).toContain('双方居民身份证');
    expect(facetAnswer(g, 'place')).toContain(g.address);
    expect(facetAnswer(g, 'fee')).toContain('不收费');
    expect(facetAnswer(g, 'timeLimit')).toContain('即办');
  });
});
