import { describe, expect, it } from 'vitest';
import {
  contactScore,
  estimatedWaitSeconds,
  orderQueue,
  PRIORITY_BONUS,
  queuePosition,
  rankTime,
  type Waiting,
} from './priority.js';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 10, 25, 8, minute, second));
const c = (id: string, enqueuedAt: Date, flags: Partial<Waiting> = {}): Waiting => ({
  id,
  enqueuedAt,
  appointment: false,
  elder: false,
  ...flags,
});

describe('queue priority', () => {
  it('puts appointment holders, then elder-mode citizens, ahead of earlier arrivals', () => {
    const queue = [c('early', at(0)), c('elder', at(1), { elder: true }), c('booked', at(2), { appointment: true })];
    expect(orderQueue(queue).map((x) => x.id)).toEqual(['booked', 'elder', 'early']);
  });

  it('lets a long wait outrank a priority class (no starvation)', () => {
    const longWait = c('waited', at(0));
    const elder = c('elder', at(0, PRIORITY_BONUS.elder + 1), { elder: true });
    expect(orderQueue([elder, longWait]).map((x) => x.id)).toEqual(['waited', 'elder']);
  });

  it('the score rises with waiting time and matches the clock-free rank', () => {
    const x = c('x', at(0), { elder: true });
    expect(contactScore(x, at(1))).toBe(60 + PRIORITY_BONUS.elder);
    expect(contactScore(x, at(2))).toBeGreaterThan(contactScore(x, at(1)));
    expect(rankTime(x)).toBe(at(0).getTime() - PRIORITY_BONUS.elder * 1000);
  });

  it('gives 1-based positions and an estimated wait', () => {
    const queue = [c('a', at(0)), c('b', at(1)), c('c', at(2))];
    expect(queuePosition('c', queue)).toBe(3);
    expect(queuePosition('nobody', queue)).toBeNull();
    expect(estimatedWaitSeconds(3, 2, 240)).toBe(480);
    expect(estimatedWaitSeconds(1, 0, 240)).toBeNull();
  });
});
