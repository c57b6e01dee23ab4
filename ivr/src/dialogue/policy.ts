/**
 * The assistant's per-conversation policy (对话策略), pure: the state of one citizen conversation
 * and, for each message's decision, the next state and the actions the engine performs. The
 * assistant answers first; 转人工 at any time, a complaint or an urgent matter go straight to a
 * seat; two low-confidence replies in a row (clarify, not found, off-topic) offer a seat; a
 * citizen who accepts the offer is handed off with the transcript.
 */
import { handoffDecision, type Decision, type HandoffReason } from '../nlu/decide.js';

export interface TranscriptLine {
  from: 'citizen' | 'assistant';
  text: string;
}

export interface ConversationState {
  /** 'bot' while the assistant serves; 'offered' after it offered a seat; 'seat' once handed off. */
  phase: 'bot' | 'offered' | 'seat';
  /** Low-confidence replies in a row. */
  lowStreak: number;
  /** The matter last answered or asked about, for the handoff. */
  matterId: string | null;
  transcript: readonly TranscriptLine[];
}

export type Action =
  | { type: 'say'; text: string }
  | { type: 'showGuide'; matterId: string }
  | { type: 'showButtons'; buttons: { label: string; value: string }[] }
  | { type: 'handoff'; matterId: string | null; reason: HandoffReason; transcript: readonly TranscriptLine[] };

export const OFFER_SEAT_TEXT = '我可能没有理解您的问题，需要为您转接人工坐席吗？';
/** The button values of the seat offer; the engine sends the value back as the citizen's message. */
export const OFFER_BUTTONS = [
  { label: '转人工', value: '转人工' },
  { label: '继续问助手', value: '继续' },
];
const ACCEPT = /^(转人工|好|好的|是|是的|要|需要|可以|行|嗯)$/;

export function initialState(): ConversationState {
  return { phase: 'bot', lowStreak: 0, matterId: null, transcript: [] };
}

const LOW_STREAK_OFFER = 2;

function isLow(d: Decision): boolean {
  return d.kind === 'clarify' || d.kind === 'refuse';
}

/** The next state and actions for the citizen's `text`, as the assistant decided it. */
export function step(
  state: ConversationState,
  text: string,
  decision: Decision,
): { state: ConversationState; actions: Action[] } {
  if (state.phase === 'seat') {
    // a seat serves the conversation: the assistant stays silent
    return { state: { ...state, transcript: [...state.transcript, { from: 'citizen', text }] }, actions: [] };
  }
  const accepted = state.phase === 'offered' && ACCEPT.test(text.trim());
  const d = accepted ? handoffDecision('lowConfidence') : decision;
  const transcript = [
    ...state.transcript,
    { from: 'citizen' as const, text },
    { from: 'assistant' as const, text: d.text },
  ];
  const actions: Action[] = [{ type: 'say', text: d.text }];
  let matterId = state.matterId;

  if (d.kind === 'handoff') {
    actions.push({ type: 'handoff', matterId, reason: d.reason, transcript });
    return { state: { phase: 'seat', lowStreak: 0, matterId, transcript }, actions };
  }
  if (d.kind === 'answer' && d.matterId) {
    matterId = d.matterId;
    actions.push({ type: 'showGuide', matterId: d.matterId });
  }
  if (d.kind === 'clarify') {
    if (d.options[0]) matterId = d.options[0].matterId;
    actions.push({ type: 'showButtons', buttons: d.options.map((o) => ({ label: o.name, value: o.name })) });
  }
  const lowStreak = isLow(d) ? state.lowStreak + 1 : 0;
  if (lowStreak >= LOW_STREAK_OFFER) {
    actions.push({ type: 'say', text: OFFER_SEAT_TEXT }, { type: 'showButtons', buttons: OFFER_BUTTONS });
    return {
      state: {
        phase: 'offered',
        lowStreak,
        matterId,
        transcript: [...transcript, { from: 'assistant', text: OFFER_SEAT_TEXT }],
      },
      actions,
    };
  }
  return { state: { phase: 'bot', lowStreak, matterId, transcript }, actions };
}
