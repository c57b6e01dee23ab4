/**
 * The assistant's understanding of one message: intent (NLP.js) + retrieval over the current
 * knowledge → a decision. The knowledge is swapped with `setKnowledge` when the catalog or FAQ
 * changes (no restart); the trained intent classifier is kept.
 */
import type { Knowledge } from '../knowledge/buildKnowledge.js';
import { decide, THRESHOLDS, type Decision, type Thresholds } from './decide.js';
import type { IntentClassifier, IntentResult } from './intents.js';
import { retrieve, type Retrieval } from './retrieval.js';

export interface Understanding {
  intent: IntentResult;
  retrieval: Retrieval;
  decision: Decision;
}

/** Builds retrieval's per-knowledge scratch and runs its code once, before a citizen's question. */
function warm(knowledge: Knowledge): void {
  for (const q of ['结婚登记要带什么材料', '今天天气怎么样']) retrieve(knowledge, q);
}

export class Assistant {
  constructor(
    private readonly intents: IntentClassifier,
    private knowledge: Knowledge,
    private readonly thresholds: Thresholds = THRESHOLDS,
  ) {
    warm(knowledge);
  }

  setKnowledge(knowledge: Knowledge): void {
    warm(knowledge);
    this.knowledge = knowledge;
  }

  async understand(text: string, regionCode?: string): Promise<Understanding> {
    const intent = await this.intents.classify(text);
    const retrieval = retrieve(this.knowledge, text);
    return {
      intent,
      retrieval,
      decision: decide(this.knowledge, text, intent, retrieval, regionCode, this.thresholds),
    };
  }
}
