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

export class Assistant {
  constructor(
    private readonly intents: IntentClassifier,
    private knowledge: Knowledge,
    private readonly thresholds: Thresholds = THRESHOLDS,
  ) {}

  setKnowledge(knowledge: Knowledge): void {
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
