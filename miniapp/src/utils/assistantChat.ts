/**
 * 智能助手 in the citizen's chat: when 转人工 shows, which assistant message's buttons can still be
 * tapped, and what a tapped button does. Pure, so the chat page and its bubbles stay thin.
 */
import type { ChatMessage, ContactStatus, MessageChoice } from '@cloud-seat/contracts';
import type { DeepReadonly } from 'vue';

type Held<T> = T | DeepReadonly<T>;

/** 转人工 is offered while the assistant serves the conversation (afterwards a seat is on the way). */
export function offersHandoff(status: ContactStatus | null): boolean {
  return status === 'assistant';
}

/**
 * The key of the one assistant message whose buttons still work: the newest assistant message,
 * while the assistant serves and before the citizen said anything after it. Older buttons are
 * history (shown greyed).
 */
export function activeChoicesKey(
  messages: readonly Held<Pick<ChatMessage, 'key' | 'senderType' | 'choices'>>[],
  status: ContactStatus | null,
): string | null {
  if (status !== 'assistant') return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.senderType === 'citizen') return null;
    if (message.senderType === 'assistant') return message.choices.length > 0 ? message.key : null;
  }
  return null;
}

/** What the bubble shows under an assistant answer: its guide card and its buttons, each enabled or not. */
export function assistantExtras(
  message: Held<Pick<ChatMessage, 'senderType' | 'matter' | 'choices'>>,
  active: boolean,
) {
  if (message.senderType !== 'assistant') return { matter: null, choices: [] };
  return {
    matter: message.matter ? { id: message.matter.id, name: message.matter.name } : null,
    choices: message.choices.map((choice) => ({
      label: choice.label,
      value: choice.value,
      action: choice.action,
      enabled: active,
    })),
  };
}

export interface ChoiceTargets {
  /** Posts text as the citizen's own message (the chat store's send). */
  send: (text: string) => Promise<void> | void;
  /** Opens 在线预约. */
  openAppointment: () => void;
}

/** A tapped button: `send` posts its value as the citizen's message, `appointment` opens 在线预约. */
export async function chooseChoice(choice: Held<MessageChoice>, targets: ChoiceTargets): Promise<void> {
  if (choice.action === 'appointment') targets.openAppointment();
  else await targets.send(choice.value);
}
