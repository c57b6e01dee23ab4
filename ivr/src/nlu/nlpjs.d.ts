// @nlpjs ships no types: the little of it the intent classifier uses.
declare module '@nlpjs/basic' {
  export interface NlpResult {
    intent: string;
    score: number;
    classifications: { intent: string; score: number }[];
  }
  export interface NlpManager {
    settings: { autoSave: boolean; autoLoad: boolean; log: boolean; threshold?: number; calculateSentiment?: boolean };
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
  export interface Container {
    use(plugin: unknown): void;
    get(name: 'nlp'): NlpManager;
  }
  export function containerBootstrap(): Promise<Container>;
  export const Nlp: unknown;
}

declare module '@nlpjs/lang-zh' {
  export const LangZh: unknown;
}
