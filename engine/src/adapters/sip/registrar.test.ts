import { describe, expect, it } from 'vitest';
import { parseMessage, parseNameAddr, type SipRequest } from './message.js';
import { Registrar } from './registrar.js';
import { jssipRegister } from './testing.js';
import type { Flow } from './transports.js';

function fakeFlow(id: string): Flow {
  return {
    id,
    transport: 'ws',
    reliable: true,
    remote: { address: '127.0.0.1', port: 40000 },
    local: { address: '127.0.0.1', port: 8080 },
    isOpen: () => true,
    send: () => true,
  };
}

function setup() {
  let now = 1_800_000_000_000;
  const registrar = new Registrar({ now: () => now, minExpires: 30, maxExpires: 3600 });
  return { registrar, advance: (ms: number) => (now += ms) };
}

const register = (o: Parameters<typeof jssipRegister>[0] = {}) => parseMessage(jssipRegister(o)) as SipRequest;

describe('Registrar', () => {
  it('binds a JsSIP contact and answers 200 echoing it with +sip.instance, reg-id and expires', () => {
    const { registrar } = setup();
    const req = register();
    const outcome = registrar.register(req, '1001', fakeFlow('ws:1'));
    expect(outcome.status).toBe(200);
    const res = registrar.response(req, outcome, 'tag');
    expect(res.status).toBe(200);
    const contact = parseNameAddr(res.headers.get('contact')!);
    expect(contact.uri).toBe('sip:4v5p1eoh@8lrf0mh3tq7g.invalid;transport=ws');
    expect(contact.params).toMatchObject({
      '+sip.instance': '<urn:uuid:1d5a2a5e-7a0c-4c2e-9c66-0e4b1b2d9a11>',
      'reg-id': '1',
      expires: '600',
    });
    expect(res.headers.get('contact')).toContain('+sip.instance="<urn:uuid:');
    expect(res.headers.get('require')).toBe('outbound');
    const [binding] = registrar.lookup('1001');
    expect(binding?.flow.id).toBe('ws:1');
  });

  it('replaces the binding of the same instance (a reconnect) and keeps one', () => {
    const { registrar } = setup();
    registrar.register(register(), '1001', fakeFlow('ws:1'));
    registrar.register(register({ host: 'other.invalid', callId: 'new-call' }), '1001', fakeFlow('ws:2'));
    expect(registrar.size).toBe(1);
    expect(registrar.lookup('1001')[0]?.flow.id).toBe('ws:2');
  });

  it('unregisters with expires 0 and with Contact: * / Expires: 0', () => {
    const { registrar } = setup();
    registrar.register(register(), '1001', fakeFlow('ws:1'));
    const out = registrar.register(register({ cseq: 2, expires: 0 }), '1001', fakeFlow('ws:1'));
    expect(out).toEqual({ status: 200, bindings: [] });
    expect(registrar.size).toBe(0);
    registrar.register(register({ cseq: 3 }), '1001', fakeFlow('ws:1'));
    const star = parseMessage(
      jssipRegister({ cseq: 4 })
        .replace(/Contact: .*\r\n/, 'Contact: *\r\n')
        .replace('Expires: 600', 'Expires: 0'),
    ) as SipRequest;
    expect(registrar.register(star, '1001', fakeFlow('ws:1')).status).toBe(200);
    expect(registrar.lookup('1001')).toEqual([]);
  });

  it('answers 423 with Min-Expires for too short a registration', () => {
    const { registrar } = setup();
    const req = register({ expires: 5 });
    const outcome = registrar.register(req, '1001', fakeFlow('ws:1'));
    expect(outcome).toEqual({ status: 423, minExpires: 30 });
    expect(registrar.response(req, outcome, 't').headers.get('min-expires')).toBe('30');
  });

  it('refuses an out-of-order CSeq on the same Call-ID with 500', () => {
    const { registrar } = setup();
    registrar.register(register({ cseq: 5 }), '1001', fakeFlow('ws:1'));
    expect(registrar.register(register({ cseq: 4 }), '1001', fakeFlow('ws:1')).status).toBe(500);
  });

  it('expires bindings: lookup hides them, sweep removes them', () => {
    const { registrar, advance } = setup();
    registrar.register(register({ expires: 60 }), '1001', fakeFlow('ws:1'));
    registrar.register(register({ user: '1002', expires: 600 }), '1002', fakeFlow('ws:2'));
    advance(61_000);
    expect(registrar.lookup('1001')).toEqual([]);
    expect(registrar.lookup('1002')).toHaveLength(1);
    expect(registrar.sweep()).toBe(1);
    expect(registrar.size).toBe(1);
  });

  it('drops the bindings of a flow that closed', () => {
    const { registrar } = setup();
    registrar.register(register(), '1001', fakeFlow('ws:1'));
    registrar.register(register({ user: '1002' }), '1002', fakeFlow('ws:2'));
    expect(registrar.removeFlow(fakeFlow('ws:1'))).toBe(1);
    expect(registrar.lookup('1001')).toEqual([]);
    expect(registrar.size).toBe(1);
  });
});
