import { describe, expect, it } from 'vitest';
import { chooseSeat, recentRefusals, type SeatCandidate } from './seatChooser.js';

const seat = (id: string, over: Partial<SeatCandidate> = {}): SeatCandidate => ({
  id,
  regionCode: '150602',
  availability: 'available',
  pauseReason: null,
  activeContacts: 0,
  capacity: 3,
  stateSince: new Date('2026-11-25T08:00:00Z'),
  pendingOffers: 0,
  ...over,
});
const contact = (over = {}) => ({
  regionCode: '150602',
  excludedSeatIds: new Set<string>(),
  requestedSeatId: null,
  ...over,
});

describe('chooseSeat (longest idle)', () => {
  it('picks the seat idle the longest', () => {
    const chosen = chooseSeat(contact(), [
      seat('a', { stateSince: new Date('2026-11-25T08:05:00Z') }),
      seat('b', { stateSince: new Date('2026-11-25T08:01:00Z') }),
    ]);
    expect(chosen?.id).toBe('b');
  });

  it('prefers an idle seat over one already handling a citizen', () => {
    const chosen = chooseSeat(contact(), [
      seat('busyish', { activeContacts: 1, stateSince: new Date('2026-11-25T07:00:00Z') }),
      seat('idle', { stateSince: new Date('2026-11-25T09:00:00Z') }),
    ]);
    expect(chosen?.id).toBe('idle');
  });

  it('skips other regions, full seats, excluded seats and unavailable seats', () => {
    const candidates = [
      seat('other', { regionCode: '150600' }),
      seat('full', { activeContacts: 2, pendingOffers: 1 }),
      seat('declined'),
      seat('paused', { availability: 'paused', pauseReason: 'break' }),
    ];
    expect(chooseSeat(contact({ excludedSeatIds: new Set(['declined']) }), candidates)).toBeNull();
    expect(chooseSeat(contact(), candidates)?.id).toBe('declined');
  });

  it('offers a chosen-seat contact only to that seat', () => {
    const candidates = [seat('a', { stateSince: new Date(0) }), seat('b')];
    expect(chooseSeat(contact({ requestedSeatId: 'b' }), candidates)?.id).toBe('b');
  });
});

describe('recentRefusals', () => {
  it('keeps a refusing seat out for the re-offer delay only', () => {
    const now = new Date('2026-11-25T08:10:00Z');
    const refusals = [
      { seatId: 'just-now', at: new Date('2026-11-25T08:09:30Z') },
      { seatId: 'long-ago', at: new Date('2026-11-25T08:05:00Z') },
    ];
    expect([...recentRefusals(refusals, now, 60_000)]).toEqual(['just-now']);
  });
});
