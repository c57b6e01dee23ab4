/**
 * The assistant's decision on one message, from the dialogue intent and the retrieval: answer
 * (a facet of a matter's guide or an FAQ answer, linking the guide), clarify (two or three
 * candidate matters as buttons), a short reply to small talk, a polite refusal (off-topic, or
 * nothing found), or a handoff to a seat (转人工, complaint, urgent). Pure; the thresholds are
 * explicit and were tuned on the eval's dev split only.
 */
import { normalizeText } from '@cloud-seat/contracts';
import { guideFor, type Knowledge, type MatterDoc } from '../knowledge/buildKnowledge.js';
import { facetAnswer } from '../knowledge/answers.js';
import type { Facet } from '../knowledge/types.js';
import type { IntentResult } from './intents.js';
import { nonServicePurpose } from './purpose.js';
import type { Hit, Retrieval } from './retrieval.js';

/**
 * Calibrated on the eval's dev split only (`npm run bot:eval -- --calibrate`, grid search; off-topic
 * refusals ≥ 95 % first, then most dev questions right); the test and holdout splits were not
 * looked at.
 */
export const THRESHOLDS = {
  /** NLP.js score from which handoff / complaint / urgent agree with a cue word that needs it. */
  handoffIntent: 0.6,
  /**
   * NLP.js score from which handoff / complaint / urgent hand off WITHOUT any cue word (when no
   * confident answer is found). Above 1: never — a handoff needs its cue word (成吉思汗陵门票 is
   * not urgent however NLP.js scores it).
   */
  handoffNoCue: 1.01,
  /** NLP.js score from which greeting / thanks / goodbye get a small-talk reply. */
  smalltalkIntent: 0.6,
  /** Retrieval confidence from which the best hit is answered. */
  answer: 0.45,
  /** Retrieval confidence from which candidates are offered; below it: refuse. */
  clarify: 0.4,
  /** The best hit must lead the second by this share of its score to be answered outright. */
  margin: 0.15,
  /** Candidates within this share of the best hit's score are offered as buttons. */
  candidateShare: 0.6,
  /**
   * When no name, alias or FAQ question was said, NLP.js's `none` score times this, times the
   * share of the question the knowledge does not hold (1 − coverage), is taken off a matter's
   * confidence (noisy on colloquial in-domain questions whose words the knowledge all holds).
   */
  nonePenalty: 0.4,
  /**
   * When no name, alias or FAQ question was said, a best BM25 score below this is too thin a
   * match to answer or clarify (one summary word, like 银行, explains a short query fully).
   */
  minScore: 6,
  /**
   * When no name, alias or FAQ question was said, the share of the question's information the
   * knowledge must hold at all (retrieval's `coverage`): below it the question is off-topic
   * (孩子发烧: 孩子 is a catalog word, 发烧 is not).
   */
  minCoverage: 0.5,
} as const;
export type Thresholds = { [K in keyof typeof THRESHOLDS]: number };

/**
 * Words that make a handoff intent certain. Explicit ones (投诉, 转人工) hand off whatever else is
 * said; the others (态度, 受伤, 真人 …) also occur in questions about matters (上班受伤了怎么认定工伤)
 * or in chit-chat (你是真人吗), so they hand off only when NLP.js agrees (`handoffIntent`). Without
 * any of them, no handoff (the policy still offers a seat after two low-confidence replies).
 */
export const HANDOFF_CUES: Record<'requested' | 'complaint' | 'urgent', readonly string[]> = {
  requested: ['人工', '真人', '客服', '坐席', '工作人员', '接线员', '活人', '找个人', '来个人', '叫个人', '话务员'],
  complaint: [
    '投诉',
    '举报',
    '差评',
    '态度',
    '不满意',
    '反映',
    '曝光',
    '刁难',
    '不作为',
    '领导',
    '太差',
    '太慢',
    '拖拉',
    '推诿',
    '骂人',
    '乱收费',
    '吃拿卡要',
    '气死',
    '太气人',
  ],
  urgent: [
    '紧急',
    '急事',
    '救命',
    '着火',
    '火灾',
    '受伤',
    '晕倒',
    '车祸',
    '跳楼',
    '出事',
    '人命',
    '快来人',
    '十万火急',
    '危险',
    '报警',
  ],
};

/** Cues that hand off on their own: a citizen who says them wants a person, and no everyday word holds them (着火 does: 打不着火). */
const EXPLICIT_CUES = new Set(['人工', '坐席', '投诉', '举报', '救命', '跳楼', '人命', '报警']);

export type HandoffReason = 'requested' | 'complaint' | 'urgent' | 'lowConfidence';

export interface MatterOption {
  basicCode: string;
  name: string;
  /** The asking region's guide. */
  matterId: string;
}

export type Decision =
  | {
      kind: 'answer';
      text: string;
      /** The guide the answer came from (the card to show); null for an FAQ linked to no matter. */
      matterId: string | null;
      basicCode: string | null;
      faqId: string | null;
      facet: Facet;
      confidence: number;
    }
  | { kind: 'clarify'; text: string; options: MatterOption[]; confidence: number }
  | { kind: 'smalltalk'; intent: 'greeting' | 'thanks' | 'goodbye'; text: string }
  | { kind: 'refuse'; reason: 'offTopic' | 'notFound'; text: string; confidence: number }
  | { kind: 'handoff'; reason: HandoffReason; text: string };

const CAPABILITIES = '我可以解答政务服务事项的办理材料、流程、地点、时间、收费和网上办理等问题';

const SMALLTALK: Record<'greeting' | 'thanks' | 'goodbye', string> = {
  greeting: `您好，我是政务服务智能助手。${CAPABILITIES}，请问您想办理什么事项？`,
  thanks: '不客气，还有其他问题可以继续问我。',
  goodbye: '感谢您的咨询，再见！',
};

const HANDOFF_TEXT: Record<HandoffReason, string> = {
  requested: '好的，正在为您转接人工坐席，请稍候。',
  complaint: '很抱歉给您带来不便，正在为您转接人工坐席受理您的意见。',
  urgent: '正在为您优先转接人工坐席。如遇危及生命安全的紧急情况，请立即拨打110、119或120。',
  lowConfidence: '抱歉没能帮上忙，正在为您转接人工坐席。',
};

export const REFUSE_TEXT = {
  offTopic: `抱歉，这个问题我回答不了。${CAPABILITIES}，也可以说“转人工”联系坐席。`,
  notFound: `抱歉，我没有找到相关的办事指南。您可以换个说法，说出要办的事项名称，或者说“转人工”。`,
} as const;

export function handoffDecision(reason: HandoffReason): Decision {
  return { kind: 'handoff', reason, text: HANDOFF_TEXT[reason] };
}

function option(doc: MatterDoc, regionCode: string | undefined): MatterOption {
  return { basicCode: doc.basicCode, name: doc.name, matterId: guideFor(doc, regionCode).id };
}

function answerOf(knowledge: Knowledge, hit: Hit, facet: Facet, confidence: number, region?: string): Decision {
  if (hit.doc.kind === 'matter') {
    const guide = guideFor(hit.doc, region);
    return {
      kind: 'answer',
      text: facetAnswer(guide, facet),
      matterId: guide.id,
      basicCode: hit.doc.basicCode,
      faqId: null,
      facet,
      confidence,
    };
  }
  const faq = hit.doc.faq;
  const linked = faq.basicCode ? knowledge.matters.get(faq.basicCode) : undefined;
  return {
    kind: 'answer',
    text: faq.answer,
    matterId: linked ? guideFor(linked, region).id : null,
    basicCode: linked?.basicCode ?? null,
    faqId: faq.id,
    facet,
    confidence,
  };
}

/** The matters among the leading hits (an FAQ stands for its linked matter), best first. */
function candidates(knowledge: Knowledge, hits: readonly Hit[], share: number): MatterDoc[] {
  const best = hits[0]?.score ?? 0;
  const out: MatterDoc[] = [];
  for (const hit of hits) {
    if (hit.score < best * share) break;
    const doc =
      hit.doc.kind === 'matter' ? hit.doc : hit.doc.faq.basicCode ? knowledge.matters.get(hit.doc.faq.basicCode) : null;
    if (doc && !out.includes(doc)) out.push(doc);
    if (out.length === 3) break;
  }
  return out;
}

const HANDOFF_REASON: Partial<Record<string, 'requested' | 'complaint' | 'urgent'>> = {
  handoff: 'requested',
  complaint: 'complaint',
  urgent: 'urgent',
};

/** The handoff a message asks for, if any: its cue word said, and (unless explicit) NLP.js agreeing. */
function handoffOf(normalized: string, intent: IntentResult, confidence: number, t: Thresholds): HandoffReason | null {
  const intentReason = HANDOFF_REASON[intent.intent];
  const agrees = intentReason !== undefined && intent.score >= t.handoffIntent;
  let said: 'requested' | 'complaint' | 'urgent' | null = null;
  let explicit = false;
  for (const reason of ['urgent', 'complaint', 'requested'] as const) {
    for (const cue of HANDOFF_CUES[reason]) {
      if (!normalized.includes(cue)) continue;
      // the intent's own reason when its cue is said, else the most pressing reason said
      if (!said || reason === intentReason) said = reason;
      if (EXPLICIT_CUES.has(cue)) explicit = true;
    }
  }
  if (said && (explicit || agrees)) return agrees && intentReason ? intentReason : said;
  if (!said && agrees && intent.score >= t.handoffNoCue && confidence < t.answer) return intentReason!;
  return null;
}

export function decide(
  knowledge: Knowledge,
  text: string,
  intent: IntentResult,
  retrieval: Retrieval,
  regionCode?: string,
  t: Thresholds = THRESHOLDS,
): Decision {
  const [top, second] = retrieval.hits;
  const { facet } = retrieval;
  let confidence = retrieval.confidence;
  if (top && !top.phrase) {
    // an FAQ entry's score is already scaled by the share of its question said (retrieval)
    const thin = top.doc.kind === 'matter' && top.score < t.minScore;
    // and already matched both ways, so NLP.js's noisy `none` is not taken off it
    const penalty = top.doc.kind === 'matter' ? t.nonePenalty * (intent.none ?? 0) * (1 - retrieval.coverage) : 0;
    confidence = thin ? 0 : Math.max(0, confidence - penalty);
  }
  const handoff = handoffOf(normalizeText(text), intent, confidence, t);
  if (handoff) return handoffDecision(handoff);
  // a catalog word said for a meaning, advice or an opinion (身份证号码是什么意思), no procedure
  const notService = nonServicePurpose(text);
  const offTopic = (!!top && !top.phrase && retrieval.coverage < t.minCoverage) || notService;
  if (offTopic) confidence = Math.min(confidence, t.clarify - 0.01);
  if (top && confidence >= t.answer) {
    const clearLead = retrieval.margin >= t.margin || (top.phrase && !second?.phrase);
    if (clearLead) return answerOf(knowledge, top, facet, confidence, regionCode);
  }
  if (intent.score >= t.smalltalkIntent) {
    if (intent.intent === 'greeting' || intent.intent === 'thanks' || intent.intent === 'goodbye') {
      return { kind: 'smalltalk', intent: intent.intent, text: SMALLTALK[intent.intent] };
    }
  }
  if (top && confidence >= t.clarify) {
    const docs = candidates(knowledge, retrieval.hits, t.candidateShare);
    if (docs.length === 1 && confidence >= t.answer) return answerOf(knowledge, top, facet, confidence, regionCode);
    if (docs.length > 0) {
      return {
        kind: 'clarify',
        text: docs.length === 1 ? `您是想问「${docs[0]!.name}」吗？` : '您想咨询的是下面哪一项？',
        options: docs.map((d) => option(d, regionCode)),
        confidence,
      };
    }
  }
  const why = !notService && intent.intent === 'ask' && intent.score >= t.smalltalkIntent ? 'notFound' : 'offTopic';
  return { kind: 'refuse', reason: why, text: REFUSE_TEXT[why], confidence };
}
