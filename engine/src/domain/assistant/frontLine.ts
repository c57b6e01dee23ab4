/**
 * The assistant front line (智能助手) as the engine runs it, pure: when the assistant answers a
 * region's new conversations first, and the short dialogue out of service hours — when the
 * assistant would hand a citizen to a seat but none is on duty, it says so and offers 在线预约
 * or a 留言 that stays on the ticket for the staff. Everything else the assistant says comes from
 * the understanding core (ivr/) through adapters/assistant.
 */
import { HANDOFF_WORD, type AssistantSettingsRequest, type MessageChoice } from '@cloud-seat/contracts';
import { beijingTime, parseLocalTime } from '../schedule/beijingTime.js';

/** Whether an instant's Beijing wall-clock time lies in [from, to); `to` ≤ `from` runs past midnight, equal: all day. */
export function inDailyWindow(from: string, to: string, instant: Date): boolean {
  const start = parseLocalTime(from);
  const end = parseLocalTime(to);
  if (start === end) return true;
  const minute = parseLocalTime(beijingTime(instant));
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether the assistant answers a region's new conversations first at `now`. */
export function assistantServesNow(settings: AssistantSettingsRequest, now: Date): boolean {
  return settings.enabled && inDailyWindow(settings.from, settings.to, now);
}

/**
 * Out of service hours, after a handoff was asked for: `offered` — 预约 / 留言 / 继续 shown;
 * `leavingMessage` — the citizen's next message is the 留言.
 */
export type AfterHoursPhase = 'offered' | 'leavingMessage';

export const LEAVE_MESSAGE_WORD = '留言';
export const CONTINUE_WORD = '继续问助手';

export const AFTER_HOURS_TEXT =
  '现在不是人工坐席的服务时间，暂时无法为您转接。您可以预约办理时间，由坐席在预约时段为您服务；也可以留言，工作人员上班后会尽快联系您。';
export const AFTER_HOURS_CHOICES: MessageChoice[] = [
  { label: '预约办理', value: '预约办理', action: 'appointment' },
  { label: '留言', value: LEAVE_MESSAGE_WORD, action: 'send' },
  { label: CONTINUE_WORD, value: CONTINUE_WORD, action: 'send' },
];
export const LEAVE_MESSAGE_PROMPT =
  '请在下方输入您的留言：要办理的事项、遇到的问题，以及方便联系您的时间。发送后留言会记入工单。';

export function messageLeftText(ticketNumber: string): string {
  return `您的留言已记录（工单号 ${ticketNumber}），工作人员上班后会尽快联系您。感谢您的耐心！`;
}

/** The citizen's message while the after-hours offer stands: what to do with it. */
export type AfterHoursMove =
  | { kind: 'promptMessage' }
  | { kind: 'messageLeft'; message: string }
  | { kind: 'offerAgain' }
  | { kind: 'backToAssistant' };

export function afterHoursMove(phase: AfterHoursPhase, text: string): AfterHoursMove {
  const said = text.trim();
  if (phase === 'leavingMessage') return { kind: 'messageLeft', message: said };
  if (said === LEAVE_MESSAGE_WORD) return { kind: 'promptMessage' };
  if (said === HANDOFF_WORD) return { kind: 'offerAgain' };
  return { kind: 'backToAssistant' };
}

/** What the engine keeps on the conversation while the assistant serves (conversations.assistant_state). */
export interface FrontLineState {
  /** The assistant's own dialogue state (the embedded policy's; Rasa keeps its own). */
  dialogue: Record<string, unknown> | null;
  afterHours: AfterHoursPhase | null;
  /** Citizen turns the assistant answered. */
  turns: number;
}

export function initialFrontLineState(): FrontLineState {
  return { dialogue: null, afterHours: null, turns: 0 };
}

/** The stored state, or a fresh one when the column holds something else. */
export function readFrontLineState(stored: unknown): FrontLineState {
  if (!stored || typeof stored !== 'object') return initialFrontLineState();
  const s = stored as Partial<FrontLineState>;
  return {
    dialogue: s.dialogue && typeof s.dialogue === 'object' ? s.dialogue : null,
    afterHours: s.afterHours === 'offered' || s.afterHours === 'leavingMessage' ? s.afterHours : null,
    turns: typeof s.turns === 'number' ? s.turns : 0,
  };
}

/** The assistant's first words in a new conversation; `matterName` when the citizen came from a guide. */
export function greetingText(matterName: string | null): string {
  return matterName
    ? `您好，我是政务服务智能助手。您正在咨询“${matterName}”，可以直接问我要带什么材料、怎么办、在哪办、多久办好。需要人工服务请说“${HANDOFF_WORD}”。`
    : `您好，我是政务服务智能助手，7×24小时为您解答办事材料、流程、地点、时间等问题。请直接说出您要办的事，例如“身份证丢了怎么办”。需要人工服务请说“${HANDOFF_WORD}”。`;
}

export const HANDOFF_CHOICE: MessageChoice = { label: HANDOFF_WORD, value: HANDOFF_WORD, action: 'send' };
