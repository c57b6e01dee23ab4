/**
 * The assistant's answer texts: one facet of a matter's guide in a few Chinese sentences, ending
 * with a pointer to the guide card the engine shows with it.
 */
import type { Facet, GuideRow } from './types.js';

const MAX_MATERIALS = 6;
const MAX_STEPS = 5;

function days(n: number | null): string | null {
  if (n === null) return null;
  return n === 0 ? '即办（材料齐全当场办结）' : `${n}个工作日`;
}

function online(g: GuideRow): string {
  if (!g.onlineUrl) return `「${g.name}」暂不支持网上办理，需到现场办理。`;
  return g.visits === 0
    ? `「${g.name}」可全程网办，不用跑现场：${g.onlineUrl}`
    : `「${g.name}」可在网上申请（到现场${g.visits}次）：${g.onlineUrl}`;
}

/** The text that answers `facet` of one matter's guide. */
export function facetAnswer(g: GuideRow, facet: Facet): string {
  switch (facet) {
    case 'materials': {
      if (g.materials.length === 0)
        return `「${g.name}」的指南没有列出申请材料，请查看办事指南或咨询${g.phone || '窗口'}。`;
      const lines = g.materials
        .slice(0, MAX_MATERIALS)
        .map((m, i) => `${i + 1}. ${m.name}（${m.copies}${m.required ? '' : '，非必要'}）`);
      const more = g.materials.length > MAX_MATERIALS ? `\n另有${g.materials.length - MAX_MATERIALS}项见指南。` : '';
      return `办理「${g.name}」需要准备：\n${lines.join('\n')}${more}`;
    }
    case 'process': {
      if (g.steps.length === 0) return `「${g.name}」：${g.summary}`;
      const lines = g.steps.slice(0, MAX_STEPS).map((s, i) => `${i + 1}. ${s.title}：${s.detail}`);
      return `「${g.name}」的办理流程：\n${lines.join('\n')}`;
    }
    case 'place':
      return g.address ? `「${g.name}」的办理地点：${g.address}。` : `「${g.name}」的指南没有写办理地点。`;
    case 'hours':
      return g.hours ? `「${g.name}」的办理时间：${g.hours}。` : `「${g.name}」的指南没有写办理时间。`;
    case 'phone':
      return g.phone ? `「${g.name}」的咨询电话：${g.phone}。` : `「${g.name}」的指南没有写咨询电话。`;
    case 'timeLimit': {
      const promised = days(g.promisedLimitDays);
      const legal = days(g.legalLimitDays);
      if (!promised && !legal) return `「${g.name}」的指南没有写办结时限。`;
      return `「${g.name}」承诺办结时限：${promised ?? '未设'}${legal && legal !== promised ? `（法定时限${legal}）` : ''}。`;
    }
    case 'fee':
      return g.charged ? `「${g.name}」收费：${g.feeDetail}。` : `「${g.name}」不收费。`;
    case 'online':
      return online(g);
    case 'conditions':
      return g.conditions ? `「${g.name}」的受理条件：${g.conditions}` : `「${g.name}」：${g.summary}`;
    case 'overview':
      return `「${g.name}」：${g.summary}\n您可以继续问我需要的材料、办理流程、地点、时间或能否网上办。`;
  }
}
