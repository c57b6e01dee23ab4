import { describe, expect, it } from 'vitest';
import {
  isEligible,
  recentRefusals,
  routeQueue,
  type QueueRules,
  type RoutableContact,
  type RoutableSeat,
} from './router.js';

const now = new Date('2026-11-25T08:10:00Z');
const queue = (over: Partial<QueueRules> = {}): QueueRules => ({
  regionCode: '150602',
  strategy: 'longest_idle',
  overflowRegionCode: '150600',
  overflowAfterMs: 120_000,
  lastOfferedPosition: -1,
  ...over,
});
const contact = (id: string, over: Partial<RoutableContact> = {}): RoutableContact => ({
  id,
  channel: 'chat',
  enqueuedAt: new Date('2026-11-25T08:09:30Z'),
  requiredSkills: [],
  requestedSeatId: null,
  refusedSeatIds: new Set(),
  ...over,
});
const seat = (id: string, over: Partial<RoutableSeat> = {}): RoutableSeat => ({
  id,
  regionCode: '150602',
  skills: ['综合咨询'],
  availability: 'available',
  stateSince: new Date('2026-11-25T08:00:00Z'),
  position: 0,
  active: { chat: 0, call: 0 },
  pending: { chat: 0, call: 0 },
  capacity: { chat: 3, call: 1 },
  ...over,
});

describe('eligibility', () => {
  it('needs the skills, the region, availability and room on the channel', () => {
    const c = contact('c', { requiredSkills: ['社保'] });
    expect(isEligible(seat('s', { skills: ['社保', '医保'] }), c, queue(), now)).toBe(true);
    expect(isEligible(seat('s'), c, queue(), now)).toBe(false);
    expect(isEligible(seat('s', { skills: ['社保'], availability: 'paused' }), c, queue(), now)).toBe(false);
    expect(isEligible(seat('s', { skills: ['社保'], regionCode: '150603' }), c, queue(), now)).toBe(false);
  });

  it('counts calls and chats against their own capacity', () => {
    const onCall = seat('s', { active: { chat: 0, call: 1 } });
    expect(isEligible(onCall, contact('v', { channel: 'video' }), queue(), now)).toBe(false);
    expect(isEligible(onCall, contact('t', { channel: 'chat' }), queue(), now)).toBe(true);
    expect(
      isEligible(
        seat('s', { active: { chat: 2, call: 0 }, pending: { chat: 1, call: 0 } }),
        contact('t'),
        queue(),
        now,
      ),
    ).toBe(false);
  });

  it('overflows to 市本级 only after the overflow wait', () => {
    const city = seat('city', { regionCode: '150600' });
    expect(isEligible(city, contact('fresh'), queue(), now)).toBe(false);
    expect(isEligible(city, contact('long', { enqueuedAt: new Date('2026-11-25T08:07:00Z') }), queue(), now)).toBe(
      true,
    );
    expect(
      isEligible(
        city,
        contact('long', { enqueuedAt: new Date('2026-11-25T08:07:00Z') }),
        queue({ overflowRegionCode: null }),
        now,
      ),
    ).toBe(false);
  });

  it('respects refusals and a chosen seat', () => {
    expect(isEligible(seat('s'), contact('c', { refusedSeatIds: new Set(['s']) }), queue(), now)).toBe(false);
    expect(isEligible(seat('s'), contact('c', { requestedSeatId: 'other' }), queue(), now)).toBe(false);
    expect(isEligible(seat('s'), contact('c', { requestedSeatId: 's' }), queue(), now)).toBe(true);
  });
});

describe('routeQueue', () => {
  it('never offers a seat more than its capacity in one pass and keeps routing past a blocked contact', () => {
    const seats = [
      seat('a', { capacity: { chat: 1, call: 1 } }),
      seat('b', { capacity: { chat: 1, call: 1 }, position: 1 }),
    ];
    const contacts = [contact('wants-c', { requestedSeatId: 'c' }), contact('x'), contact('y'), contact('z')];
    const { assignments } = routeQueue(queue(), contacts, seats, now);
    expect(assignments.map((a) => [a.contactId, a.seatIds])).toEqual([
      ['x', ['a']],
      ['y', ['b']],
    ]);
  });

  it('ring_all offers one contact to every eligible seat', () => {
    const seats = [seat('a'), seat('b', { position: 1 }), seat('off', { availability: 'offline', position: 2 })];
    const { assignments } = routeQueue(queue({ strategy: 'ring_all' }), [contact('c')], seats, now);
    expect(assignments).toEqual([{ contactId: 'c', seatIds: ['a', 'b'], overflow: false }]);
  });

  it('round_robin advances its cursor across the pass', () => {
    const seats = [seat('a'), seat('b', { position: 1 }), seat('c', { position: 2 })];
    const { assignments, lastOfferedPosition } = routeQueue(
      queue({ strategy: 'round_robin', lastOfferedPosition: 0 }),
      [contact('1'), contact('2')],
      seats,
      now,
    );
    expect(assignments.map((a) => a.seatIds[0])).toEqual(['b', 'c']);
    expect(lastOfferedPosition).toBe(2);
  });

  it('marks an overflow assignment and stops at maxAssignments', () => {
    const seats = [seat('city', { regionCode: '150600' })];
    const old = new Date('2026-11-25T08:00:00Z');
    const { assignments } = routeQueue(
      queue(),
      [contact('1', { enqueuedAt: old }), contact('2', { enqueuedAt: old })],
      seats,
      now,
      1,
    );
    expect(assignments).toEqual([{ contactId: '1', seatIds: ['city'], overflow: true }]);
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
