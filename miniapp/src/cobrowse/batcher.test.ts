import { describe, expect, it, vi } from 'vitest';
import { createEventBatcher, maskForSeat } from './batcher';

const ev = (n: number) => ({ type: 3, timestamp: n, data: {} });

describe('co-browse event batcher', () => {
  it('sends what one interval gathered as one batch, batches in order one at a time', async () => {
    vi.useFakeTimers();
    const sent: Array<[number, number[]]> = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const send = vi.fn(async (seq: number, events: Array<{ timestamp: number }>) => {
      if (seq === 0) await first;
      sent.push([seq, events.map((e) => e.timestamp)]);
    });
    const batcher = createEventBatcher(send, { intervalMs: 50 });
    batcher.push(ev(1));
    batcher.push(ev(2));
    await vi.advanceTimersByTimeAsync(50);
    batcher.push(ev(3));
    await vi.advanceTimersByTimeAsync(50);
    expect(sent).toEqual([]); // the second waits for the first
    release();
    await batcher.flush();
    expect(sent).toEqual([
      [0, [1, 2]],
      [1, [3]],
    ]);
    batcher.stop();
    batcher.push(ev(4));
    await vi.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});

describe('maskForSeat', () => {
  it('masks fields marked sensitive unless revealed', () => {
    document.body.innerHTML = `
      <div data-cs-sensitive><input id="a"></div>
      <div data-cs-sensitive data-cs-revealed><input id="b"></div>
      <div><input id="c"></div>
      <div><input id="d" type="password"></div>`;
    expect(maskForSeat('150621', document.getElementById('a'))).toBe('******');
    expect(maskForSeat('150621', document.getElementById('b'))).toBe('150621');
    expect(maskForSeat('东胜区', document.getElementById('c'))).toBe('东胜区');
    expect(maskForSeat('pw', document.getElementById('d'))).toBe('**');
  });
});
