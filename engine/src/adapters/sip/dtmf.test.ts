import { describe, expect, it } from 'vitest';
import { dtmfRelayBody, parseDtmfInfo } from './dtmf.js';

describe('DTMF in SIP INFO', () => {
  it('reads application/dtmf-relay and application/dtmf', () => {
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=100\r\n')).toBe('5');
    expect(parseDtmfInfo('Application/DTMF-Relay; charset=x', 'signal = #\nDuration=160')).toBe('#');
    expect(parseDtmfInfo('application/dtmf', '*\r\n')).toBe('*');
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=b')).toBe('B');
  });

  it('refuses anything else', () => {
    expect(parseDtmfInfo('application/dtmf-relay', 'Signal=55')).toBeNull();
    expect(parseDtmfInfo('application/dtmf-relay', 'Duration=100')).toBeNull();
    expect(parseDtmfInfo('application/dtmf', 'x')).toBeNull();
    expect(parseDtmfInfo('application/json', '{"signal":"5"}')).toBeNull();
    expect(parseDtmfInfo(undefined, 'Signal=5')).toBeNull();
  });

  it('writes what it reads', () => {
    expect(parseDtmfInfo('application/dtmf-relay', dtmfRelayBody('9'))).toBe('9');
  });
});
