/**
 * The embedded assistant: ivr's NLU (NLP.js intents + BM25 over guides and FAQ) and its dialogue
 * policy, no network. One knowledge per region (its guides, 市本级's, its FAQ), built on first
 * use and again when the region's catalog or FAQ version moves (checked at most every 2 s), so a
 * catalog sync or an FAQ edit on any engine process is answered from without a restart.
 */
import {
  Assistant,
  buildKnowledge,
  initialState,
  IntentClassifier,
  step,
  type Action,
  type ConversationState,
  type Decision,
} from '@cloud-seat/ivr';
import type { Sequelize } from 'sequelize';
import { knowledgeVersion, loadKnowledgeRows } from '../../models/assistantKnowledge.js';
import type { BotAction, BotTurn, DialogueState, FrontLineAssistant, Understood } from './frontLineAssistant.js';

const VERSION_MAX_AGE_MS = 2000;

/** Trained once per process and shared: training takes seconds (lang-zh's dictionary). */
let classifier: Promise<IntentClassifier> | null = null;
function trainedClassifier(): Promise<IntentClassifier> {
  classifier ??= IntentClassifier.train();
  return classifier;
}

interface RegionAssistant {
  version: string;
  assistant: Assistant;
  checkedAt: number;
}

export class EmbeddedAssistant implements FrontLineAssistant {
  readonly name = 'embedded' as const;
  private readonly regions = new Map<string, Promise<RegionAssistant>>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly synonyms: Readonly<Record<string, string>>,
  ) {}

  async ready(): Promise<void> {
    await trainedClassifier();
  }

  async understand(turn: BotTurn): Promise<Understood> {
    const { assistant } = await this.regionAssistant(turn.regionCode);
    const { decision } = await assistant.understand(turn.text, turn.regionCode);
    return { text: turn.text, result: decision };
  }

  apply(state: DialogueState, understood: Understood): { state: DialogueState; actions: BotAction[] } {
    const current: ConversationState = state
      ? { ...(state as unknown as ConversationState), transcript: [] }
      : initialState();
    const next = step(current, understood.text, understood.result as Decision);
    // the transcript is the conversation's messages; not kept twice
    const stored = { phase: next.state.phase, lowStreak: next.state.lowStreak, matterId: next.state.matterId };
    return { state: stored, actions: next.actions.flatMap(toBotActions) };
  }

  /** The region's assistant, rebuilt when its knowledge version moved. */
  private async regionAssistant(regionCode: string): Promise<RegionAssistant> {
    const cached = this.regions.get(regionCode);
    if (cached) {
      const current = await cached;
      if (Date.now() - current.checkedAt < VERSION_MAX_AGE_MS) return current;
      const version = await knowledgeVersion(this.sequelize, regionCode);
      if (version === current.version) {
        current.checkedAt = Date.now();
        return current;
      }
      const rebuilt = this.build(regionCode, version, current.assistant);
      this.regions.set(regionCode, rebuilt);
      return rebuilt.catch((err: unknown) => {
        this.regions.set(regionCode, cached);
        throw err;
      });
    }
    const built = knowledgeVersion(this.sequelize, regionCode).then((v) => this.build(regionCode, v, null));
    this.regions.set(regionCode, built);
    return built.catch((err: unknown) => {
      this.regions.delete(regionCode);
      throw err;
    });
  }

  private async build(regionCode: string, version: string, previous: Assistant | null): Promise<RegionAssistant> {
    const [rows, intents] = await Promise.all([loadKnowledgeRows(regionCode), trainedClassifier()]);
    const knowledge = buildKnowledge(rows.guides, rows.faqs, this.synonyms);
    if (previous) {
      previous.setKnowledge(knowledge);
      return { version, assistant: previous, checkedAt: Date.now() };
    }
    return { version, assistant: new Assistant(intents, knowledge), checkedAt: Date.now() };
  }
}

function toBotActions(action: Action): BotAction[] {
  switch (action.type) {
    case 'say':
      return [{ kind: 'say', text: action.text }];
    case 'showGuide':
      return [{ kind: 'matter', matterId: action.matterId }];
    case 'showButtons':
      return [{ kind: 'choices', choices: action.buttons.map((b) => ({ ...b, action: 'send' as const })) }];
    case 'handoff':
      return [{ kind: 'handoff', reason: action.reason }];
  }
}
