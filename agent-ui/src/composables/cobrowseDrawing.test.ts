import { COBROWSE_LASER_PER_SECOND, COBROWSE_MAX_STROKE_POINTS } from '@cloud-seat/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stageToDocument, thinStroke, throttle } from './cobrowseDrawing';

describe('drawing on the co-browse mirror', () => {
  afterEach(() => vi.useRealTimers());

  it('turns a point on the scaled mirror into a point of the citizen document', () => {
    expect(stageToDocument({ x: 50, y: 100 }, 0.5, { x: 0, y: 300 })).toEqual({ x: 100, y: 500 });
    expect(stageToDocument({ x: -3, y: 10 }, 1, { x: 0, y: 0 })).toEqual({ x: 0, y: 10 });
  });

  it('thins a long stroke to what the engine takes, keeping its ends', () => {
    const long = Array.from({ length: 3000 }, (_, i) => ({ x: i * 3, y: i }));
    const thin = thinStroke(long);
    expect(thin).toHaveLength(COBROWSE_MAX_STROKE_POINTS);
    expect(thin[0]).toEqual(long[0]);
    expect(thin.at(-1)).toEqual(long.at(-1));
    // jitter in one spot collapses
    expect(
      thinStroke([
        { x: 1, y: 1 },
        { x: 1.5, y: 1 },
        { x: 1.2, y: 1.4 },
        { x: 9, y: 9 },
      ]),
    ).toEqual([
      { x: 1, y: 1 },
      { x: 9, y: 9 },
    ]);
  });

  it(`sends the laser at most ${COBROWSE_LASER_PER_SECOND} times a second, the last position always`, () => {
    vi.useFakeTimers();
    const sent: number[] = [];
    const laser = throttle<number>((n) => sent.push(n), 1000 / COBROWSE_LASER_PER_SECOND);
    for (let i = 0; i < 200; i++) {
      laser.push(i);
      vi.advanceTimersByTime(5); // a mouse moving at 200 Hz for one second
    }
    vi.advanceTimersByTime(100);
    expect(sent.length).toBeLessThanOrEqual(COBROWSE_LASER_PER_SECOND + 1);
    expect(sent.length).toBeGreaterThanOrEqual(COBROWSE_LASER_PER_SECOND - 1);
    expect(sent[0]).toBe(0);
    expect(sent.at(-1)).toBe(199);
    laser.push(500); // after a pause: at once
    laser.push(501); // held, then dropped
    laser.cancel();
    vi.advanceTimersByTime(100);
    expect(sent.at(-1)).toBe(500);
  });
});
