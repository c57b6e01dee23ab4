/**
 * Dialogue intent classification with NLP.js (`@nlpjs/basic` + `@nlpjs/lang-zh`): greeting,
 * thanks, goodbye, handoff (转人工), complaint (投诉), urgent (紧急), none (chit-chat, other
 * services) and ask. lang-zh compiles its CC-CEDICT dictionary on the first training (~1.3 s,
 * once per process), so the classifier is trained once and shared; it holds no connection.
 */
import { Nlp, containerBootstrap, type NlpManager } from '@nlpjs/basic';
import { LangZh } from '@nlpjs/lang-zh';
import { DIALOGUE_INTENTS, INTENT_CORPUS, type DialogueIntent } from './intentCorpus.js';

export interface IntentResult {
  intent: DialogueIntent;
  /** 0…1 as NLP.js scores it. */
  score: number;
  /**
   * 0…1: NLP.js's score for the `none` class (chit-chat, other services) whatever won; read with
   * the retrieval confidence for off-topic questions that share words with the catalog.
   */
  none?: number;
}

export class IntentClassifier {
  private constructor(private readonly nlp: NlpManager) {}

  /** Trains on the corpus (about 1.5 s the first time in a process, then well under a second). */
  static async train(corpus: Record<DialogueIntent, readonly string[]> = INTENT_CORPUS): Promise<IntentClassifier> {
    const container = await containerBootstrap();
    container.use(Nlp);
    container.use(LangZh);
    const nlp = container.get('nlp');
    nlp.settings.autoSave = false;
    nlp.settings.autoLoad = false;
    // its sentiment analysis runs on every process() call and nothing here reads it
    nlp.settings.calculateSentiment = false;
    nlp.addLanguage('zh');
    for (const intent of DIALOGUE_INTENTS) for (const u of corpus[intent]) nlp.addDocument('zh', u, intent);
    // NLP.js prints every training epoch and lang-zh its dictionary compile with console.log
    const log = console.log;
    console.log = () => {};
    try {
      await nlp.train();
    } finally {
      console.log = log;
    }
    const classifier = new IntentClassifier(nlp);
    // The first calls of a fresh model run cold (JIT, caches), and training leaves the young
    // heap full of live objects (lang-zh's dictionary, the network) that the next scavenges copy
    // and promote, 10–50 ms each: measured, those were the answer-latency outliers. Warm it on
    // its own corpus before it serves, so both happen here and not on a citizen's question.
    for (const intent of DIALOGUE_INTENTS) for (const u of corpus[intent]) await classifier.classify(u);
    return classifier;
  }

  async classify(text: string): Promise<IntentResult> {
    const result = await this.nlp.process('zh', text);
    const intent = (DIALOGUE_INTENTS as readonly string[]).includes(result.intent)
      ? (result.intent as DialogueIntent)
      : 'none';
    let none = 0;
    for (const c of result.classifications ?? []) if (c.intent === 'none') none = c.score;
    return { intent, score: intent === 'none' && result.intent !== 'none' ? 0 : result.score, none };
  }
}
