/**
 * Which ticket actions a staff member may take now, and what each does to the ticket. Pure.
 *
 * - The seat that owns the ticket adds notes, escalates to a supervisor, resolves, closes and
 *   reopens; a ticket manager (班长 with ticket.manage in scope) does all of that and hands an
 *   escalated ticket back to its seat.
 * - A ticket whose contact is still live (queued, offered, active) is resolved by ending the
 *   conversation, not here.
 * - Reopen only within REOPEN_WINDOW_DAYS of the resolve/close; a reopened ticket waits for the
 *   seat's reply (待回复).
 */
import { REOPEN_WINDOW_DAYS, type TicketAction, type TicketStatus } from '@cloud-seat/contracts';

export type TicketRole = 'owner' | 'manager' | 'reader';

export interface TicketFlowState {
  status: TicketStatus;
  escalated: boolean;
  /** The contact is queued, offered or in conversation. */
  live: boolean;
  /** When the ticket was resolved or closed (for the reopen window); null while open. */
  settledAt: Date | null;
}

export type TicketFlowRefusal =
  | 'not_allowed'
  | 'live_conversation'
  | 'already_escalated'
  | 'not_escalated'
  | 'already_settled'
  | 'not_settled'
  | 'reopen_window_passed';

export const TICKET_FLOW_MESSAGES: Record<TicketFlowRefusal, string> = {
  not_allowed: '您不能对该工单执行此操作',
  live_conversation: '会话仍在进行中，请先结束会话',
  already_escalated: '工单已升级至班长，等待处理',
  not_escalated: '工单未升级，无需退回',
  already_settled: '工单已解决或已关闭',
  not_settled: '工单尚未解决或关闭',
  reopen_window_passed: `工单已超过 ${REOPEN_WINDOW_DAYS} 天，不能重新打开`,
};

const OPEN: readonly TicketStatus[] = ['new', 'in_progress', 'pending_reply'];
const ROLE_ACTIONS: Record<TicketRole, readonly TicketAction[]> = {
  owner: ['note', 'escalate', 'resolve', 'close', 'reopen'],
  manager: ['note', 'escalate', 'hand_back', 'resolve', 'close', 'reopen'],
  reader: [],
};

export type TicketFlowOutcome =
  { ok: true; status: TicketStatus; escalated: boolean; settles: boolean } | { ok: false; reason: TicketFlowRefusal };

/** What `action` does to a ticket in `state` for `role` at `now`. */
export function decideTicketAction(
  state: TicketFlowState,
  role: TicketRole,
  action: TicketAction,
  now: Date,
): TicketFlowOutcome {
  if (!ROLE_ACTIONS[role].includes(action)) return { ok: false, reason: 'not_allowed' };
  const open = OPEN.includes(state.status);
  const keep = { status: state.status, escalated: state.escalated, settles: false };
  switch (action) {
    case 'note':
      return { ok: true, ...keep };
    case 'escalate':
      if (!open) return { ok: false, reason: 'already_settled' };
      if (state.escalated) return { ok: false, reason: 'already_escalated' };
      return { ok: true, ...keep, escalated: true };
    case 'hand_back':
      if (!state.escalated) return { ok: false, reason: 'not_escalated' };
      return { ok: true, ...keep, escalated: false };
    case 'resolve':
    case 'close': {
      if (state.live) return { ok: false, reason: 'live_conversation' };
      if (state.status === 'closed' || (action === 'resolve' && state.status === 'resolved')) {
        return { ok: false, reason: 'already_settled' };
      }
      return { ok: true, status: action === 'resolve' ? 'resolved' : 'closed', escalated: false, settles: true };
    }
    case 'reopen': {
      if (open) return { ok: false, reason: 'not_settled' };
      const since = state.settledAt ?? now;
      if (now.getTime() - since.getTime() > REOPEN_WINDOW_DAYS * 86_400_000) {
        return { ok: false, reason: 'reopen_window_passed' };
      }
      return { ok: true, status: 'pending_reply', escalated: false, settles: false };
    }
  }
}

/** The actions `role` may take now (what the detail page offers). */
export function allowedTicketActions(state: TicketFlowState, role: TicketRole, now: Date): TicketAction[] {
  return ROLE_ACTIONS[role].filter((a) => decideTicketAction(state, role, a, now).ok);
}
