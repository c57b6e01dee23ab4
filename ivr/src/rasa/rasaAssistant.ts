/**
 * The assistant backed by a Rasa server instead of the embedded NLU: one citizen turn goes to
 * Rasa's REST channel with the conversation's region, matter and elder mode as metadata, and
 * Rasa's messages come back as the assistant's reply actions:
 *
 * - `text` → say; `image` → image; `buttons` → choices (a `/handoff` payload is marked, so a
 *   tap can go straight to a seat);
 * - `custom: {"handoff": {"reason": "complaint"}}` → handoff with the reason (the shipped project
 *   ivr/rasa sends it for 转人工, complaints and urgent matters);
 * - `custom: {"matter": "<basicCode>"}` → a link to that matter's guide.
 *
 * Anything else Rasa may send (attachments, unknown custom payloads) is left out. When Rasa
 * cannot answer, `reply` throws the client's RasaError; the caller offers a seat.
 */
import { z } from 'zod';
import type { RasaButton, RasaChannel, RasaMessage } from './rasaRestClient.js';

/**
 * Why the assistant hands the citizen to a seat: the same words as the embedded NLU's decision
 * (`handoff` in ivr/src/nlu), so the engine treats both alike.
 */
export const HANDOFF_REASONS = ['requested', 'complaint', 'urgent', 'lowConfidence'] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/**
 * One thing the assistant does in reply. Rasa answers a turn with several messages, so a reply is
 * a list of these rather than the embedded NLU's single decision; the engine wiring (next step)
 * plays them in order.
 */
export type AssistantAction =
  | { kind: 'say'; text: string }
  | { kind: 'image'; url: string }
  | { kind: 'choices'; choices: AssistantChoice[] }
  | { kind: 'handoff'; reason: HandoffReason }
  | { kind: 'matterLink'; basicCode: string };

export interface AssistantChoice {
  title: string;
  /** What a tap sends back as the citizen's next message. */
  payload: string;
  /** The tap asks for a seat (`/handoff…`). */
  handoff: boolean;
}

/** The assistant's whole answer to one turn, in order. */
export interface AssistantReply {
  actions: AssistantAction[];
}

/** One citizen turn and what Rasa should know about the conversation. */
export interface AssistantTurn {
  conversationId: string;
  text: string;
  /** 区划代码. */
  region: string;
  /** 基本编码 of the matter the conversation is on. */
  matter?: string | null;
  elderMode?: boolean;
}

/**
 * The `custom` payloads the Rasa project may send. Reason words other than the known ones (a
 * project's own) still hand off, as `requested`.
 */
const customSchema = z.looseObject({
  handoff: z.looseObject({ reason: z.string().optional() }).or(z.literal(true)).optional(),
  matter: z.string().trim().min(1).max(40).optional(),
});

const REASON_WORDS: Record<string, HandoffReason> = {
  requested: 'requested',
  handoff: 'requested',
  complaint: 'complaint',
  urgent: 'urgent',
  lowConfidence: 'lowConfidence',
  nlu_fallback: 'lowConfidence',
  fallback: 'lowConfidence',
};

export function handoffReason(word: string | undefined): HandoffReason {
  return word && Object.hasOwn(REASON_WORDS, word) ? REASON_WORDS[word]! : 'requested';
}

/** A button payload that asks for a seat: `/handoff` or `/handoff{"reason": …}`. */
export function isHandoffPayload(payload: string): boolean {
  return /^\/handoff(?:\{.*\})?$/s.test(payload.trim());
}

function choice(button: RasaButton): AssistantChoice {
  return { title: button.title, payload: button.payload, handoff: isHandoffPayload(button.payload) };
}

/** Rasa's messages as reply actions, in Rasa's order. */
export function actionsFromRasa(messages: readonly RasaMessage[]): AssistantAction[] {
  const actions: AssistantAction[] = [];
  for (const m of messages) {
    if (m.text?.trim()) actions.push({ kind: 'say', text: m.text });
    if (m.image?.trim()) actions.push({ kind: 'image', url: m.image });
    if (m.buttons && m.buttons.length > 0) actions.push({ kind: 'choices', choices: m.buttons.map(choice) });
    if (m.custom !== undefined) {
      const custom = customSchema.safeParse(m.custom);
      if (!custom.success) continue;
      const { handoff, matter } = custom.data;
      if (matter) actions.push({ kind: 'matterLink', basicCode: matter });
      if (handoff)
        actions.push({ kind: 'handoff', reason: handoffReason(handoff === true ? undefined : handoff.reason) });
    }
  }
  return actions;
}

export class RasaAssistant {
  constructor(private readonly rasa: RasaChannel) {}

  /** Rasa's answer to one turn. Throws RasaError when Rasa cannot answer. */
  async reply(turn: AssistantTurn): Promise<AssistantReply> {
    const messages = await this.rasa.send({
      sender: turn.conversationId,
      message: turn.text,
      metadata: {
        region: turn.region,
        conversationId: turn.conversationId,
        matter: turn.matter ?? null,
        elderMode: turn.elderMode ?? false,
      },
    });
    return { actions: actionsFromRasa(messages) };
  }
}
