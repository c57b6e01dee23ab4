import { describe, expect, it } from 'vitest';
import { RateWindow } from './rateWindow.js';

describe('RateWindow', () => {
  it('lets the limit through in a window, refuses the next, and opens again in the next window', () => {
    const w = new RateWindow(3, 1000);
    expect([0, 10, 20, 30].map((t) => w.take('a', t))).toEqual([true, true, true, false]);
    expect(w.take('a', 999)).toBe(false);
    expect(w.take('a', 1000)).toBe(true);
  });

  it('counts each key on its own', () => {
    const w = new RateWindow(1, 1000);
    expect(w.take('a', 0)).toBe(true);
    expect(w.take('b', 0)).toBe(true);
    expect(w.take('a', 1)).toBe(false);
  });

  it('forgets old windows when many keys pile up', () => {
    const w = new RateWindow(1, 10);
    for (let i = 0; i < 10_002; i++) w.take(`k${i}`, 0);
    expect(w.take('fresh', 100)).toBe(true);
    expect((w as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThan(10);
  });
});
