import { describe, expect, it } from 'vitest';
import {
  formatNameAddr,
  makeResponse,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serialize,
  SipParseError,
  SipStreamFramer,
  type SipRequest,
} from './message.js';
import { jssipInvite, jssipRegister, SAMPLE_SDP } from './testing.js';

const crlf = (lines: string[]) => lines.join('\r\n');
const JSSIP_REGISTER = jssipRegister();
const JSSIP_INVITE = jssipInvite();
const SDP = SAMPLE_SDP;

describe('parseMessage', () => {
  it('reads a JsSIP REGISTER: WSS Via on an .invalid host, +sip.instance and reg-id', () => {
    const msg = parseMessage(JSSIP_REGISTER) as SipRequest;
    expect(msg.kind).toBe('request');
    expect(msg.method).toBe('REGISTER');
    expect(msg.uri).toBe('sip:cloudseat.local');
    expect(parseVia(msg.headers.get('via')!)).toMatchObject({
      transport: 'WSS',
      host: '8lrf0mh3tq7g.invalid',
      params: { branch: 'z9hG4bK9051253' },
    });
    const contact = parseNameAddr(msg.headers.get('contact')!);
    expect(contact.uri).toBe('sip:4v5p1eoh@8lrf0mh3tq7g.invalid;transport=ws');
    expect(contact.params).toMatchObject({
      '+sip.instance': '<urn:uuid:1d5a2a5e-7a0c-4c2e-9c66-0e4b1b2d9a11>',
      'reg-id': '1',
      '+sip.ice': null,
      expires: '600',
    });
    expect(formatNameAddr(contact)).toContain('+sip.instance="<urn:uuid:1d5a2a5e');
    expect(parseNameAddr(msg.headers.get('from')!).displayName).toBe('坐席 1001');
    expect(msg.headers.getAll('supported')).toEqual(['path', 'gruu', 'outbound']);
  });

  it('reads a JsSIP INVITE with its SDP body framed by Content-Length', () => {
    const msg = parseMessage(JSSIP_INVITE) as SipRequest;
    expect(msg.method).toBe('INVITE');
    expect(msg.body.toString()).toBe(SDP);
    expect(msg.headers.get('session-expires')).toBe('90');
  });

  it('expands compact header names, case-insensitively', () => {
    const msg = parseMessage(
      crlf([
        'OPTIONS sip:switch@127.0.0.1 SIP/2.0',
        'v: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa;rport',
        'f: <sip:a@127.0.0.1>;tag=1',
        't: <sip:switch@127.0.0.1>',
        'i: call-1',
        'CSEQ: 3 OPTIONS',
        'm: <sip:a@127.0.0.1:5070>',
        'k: timer',
        'l: 0',
        '',
        '',
      ]),
    );
    expect(msg.headers.get('Via')).toContain('branch=z9hG4bKa');
    expect(msg.headers.get('call-id')).toBe('call-1');
    expect(msg.headers.get('Contact')).toBe('<sip:a@127.0.0.1:5070>');
    expect(msg.headers.get('supported')).toBe('timer');
    expect([...msg.headers].map(([name]) => name)).toEqual([
      'Via',
      'From',
      'To',
      'Call-ID',
      'CSeq',
      'Contact',
      'Supported',
      'Content-Length',
    ]);
  });

  it('splits multi-value Via (comma and repeated lines) keeping the top one first', () => {
    const msg = parseMessage(
      crlf([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/TCP 10.0.0.2;branch=z9hG4bK2',
        'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK3',
        'From: <sip:a@x>;tag=1',
        'To: <sip:b@x>;tag=2',
        'Call-ID: c',
        'CSeq: 1 INVITE',
        '',
        '',
      ]),
    );
    expect(msg.kind).toBe('response');
    const vias = msg.headers.getAll('via').map((v) => parseVia(v).params.branch);
    expect(vias).toEqual(['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3']);
    expect(msg.headers.get('via')).toContain('z9hG4bK1');
  });

  it('serializes back to the same message with a correct Content-Length', () => {
    const msg = parseMessage(JSSIP_INVITE);
    const wire = serialize(msg);
    const again = parseMessage(wire) as SipRequest;
    expect(again.body.equals(msg.body)).toBe(true);
    expect(again.headers.get('content-length')).toBe(String(Buffer.byteLength(SDP)));
    expect([...again.headers]).toEqual([...msg.headers]);
  });

  it('takes the body by Content-Length and ignores trailing bytes in a datagram', () => {
    const msg = parseMessage(JSSIP_INVITE + 'garbage after the body');
    expect(msg.body.toString()).toBe(SDP);
  });

  const errorCases: [string, string, string][] = [
    ['bad start line', 'HELLO WORLD\r\n\r\n', 'bad_start_line'],
    ['no Call-ID', JSSIP_REGISTER.replace(/Call-ID:.*\r\n/, ''), 'missing_header'],
    ['CSeq method not the request method', JSSIP_REGISTER.replace('CSeq: 1 REGISTER', 'CSeq: 1 INVITE'), 'bad_cseq'],
    ['header line without a colon', JSSIP_REGISTER.replace('Max-Forwards: 69', 'Max-Forwards 69'), 'bad_header'],
    ['malformed Via', JSSIP_REGISTER.replace(/Via: .*\r\n/, 'Via: HTTP/1.1 x\r\n'), 'bad_header'],
    [
      'Content-Length beyond the body',
      JSSIP_REGISTER.replace('Content-Length: 0', 'Content-Length: 30'),
      'bad_content_length',
    ],
    [
      'non-numeric Content-Length',
      JSSIP_REGISTER.replace('Content-Length: 0', 'Content-Length: x'),
      'bad_content_length',
    ],
  ];
  it.each(errorCases)('rejects %s with a typed error', (_name, text, code) => {
    let error: unknown;
    try {
      parseMessage(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SipParseError);
    expect((error as SipParseError).code).toBe(code);
  });

  it('keeps the headers it read so a 400 can be answered', () => {
    try {
      parseMessage(JSSIP_REGISTER.replace('CSeq: 1 REGISTER', 'CSeq: 1 INVITE'));
      expect.unreachable();
    } catch (err) {
      expect((err as SipParseError).partial?.headers.get('call-id')).toBe('bq7kdm4gq1gq1kfh6c4s5m');
    }
  });

  it('enforces the size and header-count limits', () => {
    const big = JSSIP_REGISTER.replace('Content-Length: 0', 'Content-Length: 70000') + 'x'.repeat(70_000);
    expect(() => parseMessage(big)).toThrow(expect.objectContaining({ code: 'too_large' }));
    const many = JSSIP_REGISTER.replace(
      'Expires: 600',
      Array.from({ length: 200 }, (_, i) => `X-H${i}: 1`).join('\r\n'),
    );
    expect(() => parseMessage(many)).toThrow(expect.objectContaining({ code: 'too_many_headers' }));
  });

  it('does not crash on random bytes', () => {
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: 1 + ((i * 37) % 300) }, (_, j) => (i * 131 + j * 17) % 256));
      try {
        parseMessage(junk);
      } catch (err) {
        expect(err).toBeInstanceOf(SipParseError);
      }
    }
  });
});

describe('SipStreamFramer', () => {
  it('cuts two messages from one chunk and one message from three chunks', () => {
    const framer = new SipStreamFramer();
    const both = Buffer.from(JSSIP_REGISTER + JSSIP_INVITE);
    expect(framer.push(both).messages.map((m) => parseMessage(m).headers.get('cseq'))).toEqual([
      '1 REGISTER',
      '8236 INVITE',
    ]);
    const wire = Buffer.from(JSSIP_INVITE);
    expect(framer.push(wire.subarray(0, 100)).messages).toHaveLength(0);
    expect(framer.push(wire.subarray(100, wire.length - 5)).messages).toHaveLength(0);
    const done = framer.push(wire.subarray(wire.length - 5)).messages;
    expect(done).toHaveLength(1);
    expect(parseMessage(done[0]!).body.toString()).toBe(SDP);
    expect(framer.pending).toBe(0);
  });

  it('skips CRLF keep-alives and reports them', () => {
    const framer = new SipStreamFramer();
    const out = framer.push(Buffer.from('\r\n\r\n' + JSSIP_REGISTER));
    expect(out.keepAlives).toBe(1);
    expect(out.messages).toHaveLength(1);
  });

  it('refuses a stream message without Content-Length or beyond the limit', () => {
    expect(() => new SipStreamFramer().push(Buffer.from(JSSIP_REGISTER.replace('Content-Length: 0\r\n', '')))).toThrow(
      expect.objectContaining({ code: 'bad_content_length' }),
    );
    const huge = JSSIP_REGISTER.replace('Content-Length: 0', 'Content-Length: 999999');
    expect(() => new SipStreamFramer().push(Buffer.from(huge))).toThrow(expect.objectContaining({ code: 'too_large' }));
    expect(() => new SipStreamFramer().push(Buffer.alloc(70_000, 65))).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
  });
});

describe('URIs and responses', () => {
  it('parses SIP URIs with ports, IPv6 and parameters', () => {
    expect(parseUri('sip:1001@[::1]:5062;transport=tcp')).toMatchObject({
      user: '1001',
      host: '[::1]',
      port: 5062,
      params: { transport: 'tcp' },
    });
    expect(parseUri('sips:cloudseat.local')).toMatchObject({ scheme: 'sips', user: null, host: 'cloudseat.local' });
    expect(() => parseUri('http://x')).toThrow();
  });

  it('makes a response that copies Vias, adds the To-tag and keeps CSeq', () => {
    const req = parseMessage(JSSIP_INVITE) as SipRequest;
    const res = makeResponse(req, 180, { toTag: 'abc' });
    expect(res.headers.get('to')).toBe('<sip:12345@cloudseat.local>;tag=abc');
    expect(res.headers.get('cseq')).toBe('8236 INVITE');
    expect(res.headers.getAll('via')).toEqual(req.headers.getAll('via'));
    expect(makeResponse(req, 100, { toTag: 'abc' }).headers.get('to')).toBe('<sip:12345@cloudseat.local>');
    expect(serialize(res).toString()).toMatch(/^SIP\/2\.0 180 Ringing\r\n/);
  });
});
