/**
 * The full demo seed as the assistant's input: every (matter × region) row of `demoCatalog()`
 * as a guide row (id = 实施编码), `DEMO_FAQS` as FAQ rows and the engine's synonym table. Read
 * from the engine's seed sources, so the eval and the tests always see the catalog the engine seeds.
 */
import { catalogMatterInputSchema } from '@cloud-seat/contracts';
import { MATTER_SYNONYMS } from '../../engine/src/domain/catalog/synonyms.js';
import { demoCatalog } from '../../engine/src/seed/catalog/index.js';
import { DEMO_FAQS } from '../../engine/src/seed/demoData.js';
import { buildKnowledge } from '../src/knowledge/buildKnowledge.js';
import type { FaqRow, GuideRow } from '../src/knowledge/types.js';
import { Assistant } from '../src/nlu/assistant.js';
import { IntentClassifier } from '../src/nlu/intents.js';

/** The matters the demo FAQ entries are about (by question), as an admin would link them. */
const FAQ_MATTERS: Record<string, string> = {
  '结婚登记需要带什么材料？': '000721001000',
  '怎么查询社保缴费记录？': '002032011000',
  '新生儿怎么办理户口登记？': '000711006000',
  '个体工商户注册需要多长时间？': '000751002000',
};

export function seedGuides(): GuideRow[] {
  return demoCatalog().map((input) => {
    const m = catalogMatterInputSchema.parse(input);
    return {
      id: m.implCode,
      regionCode: m.regionCode,
      basicCode: m.basicCode,
      name: m.name,
      category: m.category,
      summary: m.summary,
      aliases: m.aliases,
      conditions: m.conditions,
      steps: m.steps,
      materials: m.materials,
      address: m.address,
      hours: m.hours,
      phone: m.phone,
      legalLimitDays: m.legalLimitDays,
      promisedLimitDays: m.promisedLimitDays,
      charged: m.charged,
      feeDetail: m.feeDetail,
      onlineUrl: m.onlineUrl,
      visits: m.visits,
    };
  });
}

export function seedFaqs(): FaqRow[] {
  return DEMO_FAQS.map((f, i) => ({
    id: `faq-${i + 1}`,
    question: f.question,
    answer: f.answer,
    basicCode: FAQ_MATTERS[f.question] ?? null,
  }));
}

export const SEED_SYNONYMS = MATTER_SYNONYMS;

/** The assistant on the full seed, as the eval and the bench use it, with how long building and training took. */
export async function seedAssistant() {
  const guides = seedGuides();
  const faqs = seedFaqs();
  const b0 = performance.now();
  const knowledge = buildKnowledge(guides, faqs, SEED_SYNONYMS);
  const buildMs = performance.now() - b0;
  const t0 = performance.now();
  const intents = await IntentClassifier.train();
  const trainMs = performance.now() - t0;
  return { guides, faqs, knowledge, buildMs, intents, trainMs, assistant: new Assistant(intents, knowledge) };
}
