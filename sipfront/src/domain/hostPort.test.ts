import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort, sipAddressOf } from './hostPort.js';

describe('host:port', () => {
  it('parses names, IPv4 and bracketed IPv6, with a default port', () => {
    expect(parseHostPort('10.0.0.5:5080')).toEqual({ host: '10.0.0.5', port: 5080 });
    expect(parseHostPort('fs1', 5080)).toEqual({ host: 'fs1', port: 5080 });
    expect(parseHostPort('[fd00::5]:5080')).toEqual({ host: 'fd00::5', port: 5080 });
    expect(formatHostPort({ host: 'fd00::5', port: 5080 })).toBe('[fd00::5]:5080');
    for (const bad of ['fs1', 'fs1:0', 'fs1:70000', ':5080', 'a:b:c']) expect(() => parseHostPort(bad), bad).toThrow();
  });

  it("picks drachtio-server's UDP SIP address from its hostport list", () => {
    expect(sipAddressOf('tcp/10.0.0.9:5060,udp/10.0.0.9:5060')).toBe('10.0.0.9:5060');
    expect(sipAddressOf('tcp/10.0.0.9:5061')).toBe('10.0.0.9:5061');
    expect(sipAddressOf('')).toBeNull();
  });
});
