import { describe, expect, it } from 'vitest';
import { parseCidrList, TrunkAcl } from './trunkAcl.js';

describe('TrunkAcl', () => {
  it('allows addresses inside the CIDRs and exact addresses, nothing else', () => {
    const acl = new TrunkAcl(['10.20.30.0/28', '203.0.113.7', 'fd00::/64']);
    expect(acl.allows('10.20.30.1')).toBe(true);
    expect(acl.allows('10.20.30.15')).toBe(true);
    expect(acl.allows('10.20.30.16')).toBe(false);
    expect(acl.allows('203.0.113.7')).toBe(true);
    expect(acl.allows('203.0.113.8')).toBe(false);
    expect(acl.allows('fd00::1')).toBe(true);
    expect(acl.allows('fd01::1')).toBe(false);
    expect(acl.allows('not-an-ip')).toBe(false);
    expect(acl.allows('')).toBe(false);
  });

  it('parses a comma-separated list and rejects bad entries', () => {
    expect(parseCidrList(' 10.0.0.0/8, 1.2.3.4 ,')).toEqual(['10.0.0.0/8', '1.2.3.4']);
    for (const bad of ['10.0.0.0/33', 'carrier.example', '10.0.0.0/x', '::1/129', '10.0.0.0/']) {
      expect(() => parseCidrList(bad), bad).toThrow();
    }
  });
});
