import { describe, expect, it } from 'vitest';
import {
  citizenProfileRequestSchema,
  isValidCreditCode,
  isValidIdNumber,
  maskIdNumber,
  maskPhone,
} from './identity.js';

describe('identity numbers', () => {
  it('checks the resident ID check digit (GB 11643)', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('150602198001011234')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false); // upper-case only; the schema upper-cases
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });

  it('checks the unified social credit code check character (GB 32100)', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false); // I is not in the alphabet
  });

  it('masks phone and ID numbers, keeping head and tail', () => {
    expect(maskPhone('15012341234')).toBe('150****1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('123')).toBe('***');
  });

  it('validates a profile update with Chinese messages and rejects unknown fields', () => {
    const ok = citizenProfileRequestSchema.parse({ phone: '15012341234', idNumber: '11010519491231002x' });
    expect(ok.idNumber).toBe('11010519491231002X');
    const bad = citizenProfileRequestSchema.safeParse({ phone: '12345' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('手机号格式不正确');
    expect(citizenProfileRequestSchema.safeParse({ role: 'admin' }).success).toBe(false);
  });
});
