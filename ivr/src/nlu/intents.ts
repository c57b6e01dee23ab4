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
    // the first calls of a fresh model run cold (JIT, caches): warm it before it serves
    for (const u of ['你好', '转人工', '结婚登记要带什么材料', '今天天气怎么样']) await classifier.classify(u);
    return classifier;
  }

  async classify(text: string): Promise<IntentResult> {
    const result = await this.nlp.process('zh', text);
    const intent = (DIALOGUE_INTENTS as readonly string[]).includes(result.intent)
      ? (result.intent as DialogueIntent)
      : 'none';
    return { intent, score: intent === 'none' && result.intent !== 'none' ? 0 : result.score };
  }
}
