import { describe, expect, it } from 'vitest';
import {
  canTakeContact,
  decideAfterContactEnded,
  decideOnNoAnswer,
  decidePauseExpiry,
  decideStateRequest,
  deriveSeatState,
  type SeatLoad,
} from './seatState.js';

const load = (over: Partial<SeatLoad> = {}): SeatLoad => ({
  availability: 'available',
  pauseReason: null,
  activeContacts: 0,
  capacity: 3,
  ...over,
});

describe('deriveSeatState', () => {
  it('shows idle, handling and busy from the load of an available seat', () => {
    expect(deriveSeatState(load({ activeContacts: 0 }))).toBe('idle');
    expect(deriveSeatState(load({ activeContacts: 2 }))).toBe('handling');
    expect(deriveSeatState(load({ activeContacts: 3 }))).toBe('busy');
  });

  it('keeps a chosen busy, paused or offline whatever the load', () => {
    expect(deriveSeatState(load({ availability: 'busy', activeContacts: 0 }))).toBe('busy');
    expect(deriveSeatState(load({ availability: 'paused', pauseReason: 'break', activeContacts: 1 }))).toBe('paused');
    expect(deriveSeatState(load({ availability: 'offline' }))).toBe('offline');
  });
});

describe('decideStateRequest', () => {
  it('needs a reason to pause', () => {
    expect(decideStateRequest({ state: 'paused' }, load())).toEqual({ ok: false, reason: 'pause_reason_required' });
    expect(decideStateRequest({ state: 'paused', reason: 'meeting' }, load())).toEqual({
      ok: true,
      availability: 'paused',
      pauseReason: 'meeting',
    });
  });

  it('refuses to go offline while serving someone', () => {
    expect(decideStateRequest({ state: 'offline' }, load({ activeContacts: 1 }))).toEqual({
      ok: false,
      reason: 'offline_with_contacts',
    });
    expect(decideStateRequest({ state: 'offline' }, load())).toMatchObject({ ok: true, availability: 'offline' });
  });

  it('maps idle to available and clears the pause reason', () => {
    expect(decideStateRequest({ state: 'idle' }, load({ availability: 'paused', pauseReason: 'break' }))).toEqual({
      ok: true,
      availability: 'available',
      pauseReason: null,
    });
  });
});

describe('canTakeContact', () => {
  it('counts pending offers against capacity', () => {
    expect(canTakeContact(load({ activeContacts: 2 }), 0)).toBe(true);
    expect(canTakeContact(load({ activeContacts: 2 }), 1)).toBe(false);
    expect(canTakeContact(load({ availability: 'busy' }), 0)).toBe(false);
  });
});

describe('wrap-up and no-answer policy', () => {
  const now = new Date('2026-11-25T08:00:00Z');
  const policy = { wrapUpMs: 30_000, pauseOnNoAnswer: true };

  it('starts a counted-down wrap-up when the last contact ends', () => {
    expect(decideAfterContactEnded(load({ activeContacts: 1 }), policy, now)).toEqual({
      availability: 'paused',
      pauseReason: 'wrap_up',
      pauseEndsAt: new Date('2026-11-25T08:00:30Z'),
    });
  });

  it('no wrap-up while other contacts remain, when off, or when the seat is not available', () => {
    expect(decideAfterContactEnded(load({ activeContacts: 2 }), policy, now)).toBeNull();
    expect(decideAfterContactEnded(load({ activeContacts: 1 }), { ...policy, wrapUpMs: 0 }, now)).toBeNull();
    expect(decideAfterContactEnded(load({ activeContacts: 1, availability: 'busy' }), policy, now)).toBeNull();
  });

  it('returns to service exactly when the wrap-up ends', () => {
    const seat = { availability: 'paused' as const, pauseEndsAt: new Date('2026-11-25T08:00:30Z') };
    expect(decidePauseExpiry(seat, new Date('2026-11-25T08:00:29.999Z'))).toBeNull();
    expect(decidePauseExpiry(seat, new Date('2026-11-25T08:00:30Z'))).toEqual({
      availability: 'available',
      pauseReason: null,
      pauseEndsAt: null,
    });
    expect(decidePauseExpiry({ availability: 'paused', pauseEndsAt: null }, now)).toBeNull();
  });

  it('pauses an available seat that let an offer expire, per policy', () => {
    expect(decideOnNoAnswer(load(), policy)).toEqual({
      availability: 'paused',
      pauseReason: 'no_answer',
      pauseEndsAt: null,
    });
    expect(decideOnNoAnswer(load(), { ...policy, pauseOnNoAnswer: false })).toBeNull();
  });
});
