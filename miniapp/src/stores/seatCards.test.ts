import { describe, expect, it } from 'vitest';
import { seatView } from '@cloud-seat/contracts/testing';
import { groupTeams, mergeCounts, mergeSeat } from './seatCards';

const a = seatView({ id: 'a', jobNumber: 'DS001', state: 'busy', category: '社会保障', skills: ['社保'] });
const b = seatView({ id: 'b', jobNumber: 'DS002', state: 'idle', category: '综合咨询' });

describe('live seat cards', () => {
  it('updates a seat in place, orders free seats first, and drops a seat going offline', () => {
    const list = mergeSeat([a, b], { ...a, state: 'idle' }, {});
    expect(list.map((s) => [s.id, s.state])).toEqual([
      ['a', 'idle'],
      ['b', 'idle'],
    ]);
    expect(mergeSeat(list, { ...b, state: 'offline' }, {}).map((s) => s.id)).toEqual(['a']);
  });

  it('adds a seat coming online only when it passes the filter', () => {
    const c = seatView({ id: 'c', jobNumber: 'DS003', state: 'idle', category: '企业开办' });
    expect(mergeSeat([a], c, { category: '社会保障' }).map((s) => s.id)).toEqual(['a']);
    expect(mergeSeat([a], c, {}).map((s) => s.id)).toEqual(['c', 'a']);
  });

  it('moves the counts by one change', () => {
    const counts = { offline: 0, idle: 1, handling: 0, busy: 1, paused: 0 };
    expect(mergeCounts(counts, 'busy', 'idle')).toMatchObject({ idle: 2, busy: 0 });
    expect(mergeCounts(counts, null, 'paused')).toMatchObject({ paused: 1 });
    expect(mergeCounts(counts, 'idle', 'offline')).toMatchObject({ idle: 0, offline: 0 });
  });

  it('groups seats into teams with their free count', () => {
    const teams = groupTeams([a, b, seatView({ id: 'd', jobNumber: 'DS004', state: 'idle', category: '社会保障' })]);
    expect(teams.map((t) => [t.category, t.seats.map((s) => s.id), t.idle])).toEqual([
      ['社会保障', ['d', 'a'], 1],
      ['综合咨询', ['b'], 1],
    ]);
  });
});
