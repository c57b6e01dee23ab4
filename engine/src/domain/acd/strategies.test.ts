import { describe, expect, it } from 'vitest';
import { selectSeats, type RankedSeat } from './strategies.js';

const seat = (id: string, position: number, load = 0, idleSinceMinute = 0): RankedSeat => ({
  id,
  position,
  load,
  stateSince: new Date(Date.UTC(2026, 10, 25, 8, idleSinceMinute)),
});
const ids = (seats: RankedSeat[]) => seats.map((s) => s.id);

describe('selectSeats', () => {
  const seats = [seat('a', 0, 1, 0), seat('b', 1, 0, 30), seat('c', 2, 0, 10), seat('d', 3, 2, 5)];

  it('longest_idle: the seat idle longest among those serving nobody', () => {
    expect(ids(selectSeats('longest_idle', seats))).toEqual(['c']);
  });

  it('fewest_contacts: the lightest load, then longest idle', () => {
    expect(ids(selectSeats('fewest_contacts', [seat('x', 0, 2), seat('y', 1, 1), seat('z', 2, 1, -5)]))).toEqual(['z']);
  });

  it('top_down: always the first in order', () => {
    expect(ids(selectSeats('top_down', seats))).toEqual(['a']);
  });

  it('round_robin: the next position after the last offered, wrapping around', () => {
    expect(ids(selectSeats('round_robin', seats, 1))).toEqual(['c']);
    expect(ids(selectSeats('round_robin', seats, 3))).toEqual(['a']);
    expect(ids(selectSeats('round_robin', seats))).toEqual(['a']);
  });

  it('ring_all: every eligible seat, in order', () => {
    expect(ids(selectSeats('ring_all', [seats[2]!, seats[0]!]))).toEqual(['a', 'c']);
  });

  it('no eligible seat, no offer', () => {
    expect(selectSeats('longest_idle', [])).toEqual([]);
  });
});
