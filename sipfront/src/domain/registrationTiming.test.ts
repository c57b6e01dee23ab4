import { describe, expect, it } from 'vitest';
import { grantedExpires, refreshDelayMs, retryDelayMs } from './registrationTiming.js';

describe('registration timing', () => {
  it('refreshes at half of a short grant and a minute before a long one', () => {
    expect(refreshDelayMs(60)).toBe(30_000);
    expect(refreshDelayMs(120)).toBe(60_000);
    expect(refreshDelayMs(3600)).toBe(3_540_000);
    expect(refreshDelayMs(1)).toBe(1_000);
  });

  it('backs off exponentially up to five minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelayMs(20)).toBe(300_000);
    expect(retryDelayMs(500)).toBe(300_000);
    expect(retryDelayMs(3, 100, 1_000)).toBe(400);
  });

  it('takes the granted expiry from the Contact, then Expires, then what was asked', () => {
    expect(grantedExpires('<sip:0477@10.0.0.9:5060>;expires=300', '3600', 3600)).toBe(300);
    expect(grantedExpires('<sip:0477@10.0.0.9:5060>', '600', 3600)).toBe(600);
    expect(grantedExpires(undefined, undefined, 3600)).toBe(3600);
    expect(grantedExpires('<sip:x@h>;expires=0', 'junk', 120)).toBe(120);
  });
});
