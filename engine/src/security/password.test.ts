import { describe, expect, it } from 'vitest';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('正确的密码Abc1');
    const b = await hashPassword('正确的密码Abc1');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('正确的密码Abc1', a)).toBe(true);
    expect(await verifyPassword('错误的密码', a)).toBe(false);
  });

  it('rejects malformed and unusable hashes', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('', UNUSABLE_PASSWORD_HASH)).toBe(false);
  });
});
