import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle.js';

describe('LoginThrottle', () => {
  it('blocks after the limit within the window and forgets after it', () => {
    const t = new LoginThrottle(3, 1000);
    for (let i = 0; i < 3; i++) t.recordFailure('k', 100 + i);
    expect(t.isBlocked('k', 200)).toBe(true);
    expect(t.isBlocked('other', 200)).toBe(false);
    expect(t.isBlocked('k', 1200)).toBe(false);
  });

  it('a success clears the count', () => {
    const t = new LoginThrottle(2, 1000);
    t.recordFailure('k', 0);
    t.recordSuccess('k');
    t.recordFailure('k', 1);
    expect(t.isBlocked('k', 2)).toBe(false);
  });
});
