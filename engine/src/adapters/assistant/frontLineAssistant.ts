/**
 * The assistant behind the front line, as the engine sees it: the embedded NLU (ivr/) or a Rasa
 * server (ASSISTANT=rasa). `understand` does the slow part (NLU, the network) before the engine
 * locks the conversation; `apply` is quick and pure and runs under the lock, so two quick
 * messages of one citizen advance the dialogue one after the other.
 */
import type { MessageChoice } from '@cloud-seat/contracts';

export type HandoffReason = 'requested' | 'complaint' | 'urgent' | 'lowConfidence';

/** One thing the assistant does in reply, in order. */
export type BotAction =
  | { kind: 'say'; text: string }
  /** The guide the answer came from: by the guide's id (embedded) or its 基本编码 (Rasa). */
  | { kind: 'matter'; matterId?: string; basicCode?: string }
  | { kind: 'choices'; choices: MessageChoice[] }
  | { kind: 'handoff'; reason: HandoffReason };

export interface BotTurn {
  conversationId: string;
  text: string;
  regionCode: string;
  /** 基本编码 of the conversation's matter, if any. */
  matterBasicCode: string | null;
  elderMode: boolean;
}

/** What `understand` found, for `apply`. */
export interface Understood {
  text: string;
  /** The implementation's own result. */
  result: unknown;
}

export type DialogueState = Record<string, unknown> | null;

export interface FrontLineAssistant {
  readonly name: 'embedded' | 'rasa';
  /** Resolves when the assistant can answer (the embedded NLU trains once per process). */
  ready(): Promise<void>;
  understand(turn: BotTurn): Promise<Understood>;
  apply(state: DialogueState, understood: Understood): { state: DialogueState; actions: BotAction[] };
}
