import { describe, expect, it } from 'vitest';
import { allowedTicketActions, decideTicketAction, type TicketFlowState } from './ticketFlow.js';

const now = new Date('2026-11-29T08:00:00Z');
const open: TicketFlowState = { status: 'in_progress', escalated: false, live: false, settledAt: null };
const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('ticket flow', () => {
  it('lets the owning seat escalate once, and only a manager hand it back', () => {
    expect(decideTicketAction(open, 'owner', 'escalate', now)).toEqual({
      ok: true,
      status: 'in_progress',
      escalated: true,
      settles: false,
    });
    const escalated = { ...open, escalated: true };
    expect(decideTicketAction(escalated, 'owner', 'escalate', now)).toEqual({ ok: false, reason: 'already_escalated' });
    expect(decideTicketAction(escalated, 'owner', 'hand_back', now)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(decideTicketAction(escalated, 'manager', 'hand_back', now)).toMatchObject({ ok: true, escalated: false });
    expect(decideTicketAction(open, 'manager', 'hand_back', now)).toEqual({ ok: false, reason: 'not_escalated' });
  });

  it('resolves and closes only when the conversation is over', () => {
    expect(decideTicketAction({ ...open, live: true }, 'owner', 'resolve', now)).toEqual({
      ok: false,
      reason: 'live_conversation',
    });
    expect(decideTicketAction(open, 'owner', 'resolve', now)).toMatchObject({
      ok: true,
      status: 'resolved',
      settles: true,
    });
    const resolved = { ...open, status: 'resolved' as const, settledAt: now };
    expect(decideTicketAction(resolved, 'owner', 'resolve', now)).toEqual({ ok: false, reason: 'already_settled' });
    expect(decideTicketAction(resolved, 'manager', 'close', now)).toMatchObject({ ok: true, status: 'closed' });
    expect(decideTicketAction({ ...resolved, status: 'closed' }, 'manager', 'close', now)).toEqual({
      ok: false,
      reason: 'already_settled',
    });
  });

  it('reopens within seven days as 待回复, not after', () => {
    const closed: TicketFlowState = { ...open, status: 'closed', settledAt: days(6) };
    expect(decideTicketAction(closed, 'owner', 'reopen', now)).toMatchObject({ ok: true, status: 'pending_reply' });
    expect(decideTicketAction({ ...closed, settledAt: days(8) }, 'owner', 'reopen', now)).toEqual({
      ok: false,
      reason: 'reopen_window_passed',
    });
    expect(decideTicketAction(open, 'owner', 'reopen', now)).toEqual({ ok: false, reason: 'not_settled' });
  });

  it('offers a reader nothing and lists what each role may do now', () => {
    expect(allowedTicketActions(open, 'reader', now)).toEqual([]);
    expect(allowedTicketActions(open, 'owner', now)).toEqual(['note', 'escalate', 'resolve', 'close']);
    expect(allowedTicketActions({ ...open, escalated: true }, 'manager', now)).toEqual([
      'note',
      'hand_back',
      'resolve',
      'close',
    ]);
    expect(allowedTicketActions({ ...open, live: true }, 'owner', now)).toEqual(['note', 'escalate']);
  });
});
