import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { BencodeError, decode, encode, type BencodeDict } from './bencode.js';
import { NgClient, NgError, NgTimeoutError, parseNgAddress } from './ngClient.js';

describe('bencode', () => {
  it('encodes dictionaries with sorted keys, leaving out undefined entries', () => {
    const bytes = encode({ sdp: 'v=0', command: 'offer', flags: ['a', 'b'], n: -3, none: undefined, d: { x: 1 } });
    expect(bytes.toString()).toBe('d7:command5:offer1:dd1:xi1ee5:flagsl1:a1:be1:ni-3e3:sdp3:v=0e');
  });

  it('decodes what it encodes, counting string lengths in bytes (UTF-8)', () => {
    const value = { 'call-id': '呼叫-1', list: [1, 'two', [], {}], nested: { deep: { n: 0 } } };
    expect(decode(encode(value))).toEqual(value);
    expect(encode('呼').toString()).toBe('3:呼');
  });

  it('keeps a __proto__ key from the wire as a plain entry', () => {
    const dict = decode(Buffer.from('d9:__proto__d1:xi1eee')) as BencodeDict;
    expect(Object.keys(dict)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('rejects malformed input and non-integer numbers', () => {
    for (const bad of ['', 'i12', 'ixe', '5:abc', 'd1:a', 'di1ei2ee', 'x', 'i1ei2e']) {
      expect(() => decode(Buffer.from(bad)), bad).toThrow(BencodeError);
    }
    expect(() => encode(1.5)).toThrow(/not an integer/);
  });
});

describe('ng client against a fake rtpengine', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** A UDP server answering each request via `reply` (undefined: drop it). */
  async function fake(reply: (request: BencodeDict, attempt: number) => BencodeDict | undefined) {
    const socket = createSocket('udp4');
    sockets.push(socket);
    const attempts = new Map<string, number>();
    socket.on('message', (message, from) => {
      const space = message.indexOf(0x20);
      const cookie = message.toString('latin1', 0, space);
      const attempt = (attempts.get(cookie) ?? 0) + 1;
      attempts.set(cookie, attempt);
      const answer = reply(decode(message.subarray(space + 1)) as BencodeDict, attempt);
      if (answer) socket.send(Buffer.concat([Buffer.from(`${cookie} `), encode(answer)]), from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return { address: `127.0.0.1:${socket.address().port}`, attempts };
  }

  it('sends the command with its parameters and resolves with the reply', async () => {
    const seen: BencodeDict[] = [];
    const server = await fake((request): BencodeDict => {
      seen.push(request);
      return request.command === 'ping' ? { result: 'pong' } : { result: 'ok', sdp: 'v=0' };
    });
    const client = new NgClient({ address: server.address });
    await client.ping();
    await expect(client.offer({ 'call-id': 'c1', flags: ['trust-address'] })).resolves.toEqual({
      result: 'ok',
      sdp: 'v=0',
    });
    expect(seen[1]).toEqual({ command: 'offer', 'call-id': 'c1', flags: ['trust-address'] });
    client.close();
  });

  it('sends again with the same cookie when a reply is lost', async () => {
    const server = await fake((_request, attempt) => (attempt < 3 ? undefined : { result: 'pong' }));
    const client = new NgClient({ address: server.address, retransmitMs: 30, attempts: 5 });
    await client.ping();
    expect([...server.attempts.values()]).toEqual([3]);
    client.close();
  });

  it('rejects with the reason rtpengine gives', async () => {
    const server = await fake(() => ({ result: 'error', 'error-reason': 'Unknown call-id' }));
    const client = new NgClient({ address: server.address });
    const failure = client.delete({ 'call-id': 'nope' });
    await expect(failure).rejects.toBeInstanceOf(NgError);
    await expect(failure).rejects.toThrow('rtpengine delete: Unknown call-id');
  });

  it('says that rtpengine must run at RTPENGINE_NG when nothing answers', async () => {
    const silent = await fake(() => undefined);
    const client = new NgClient({ address: silent.address, retransmitMs: 20, attempts: 3 });
    const failure = client.ping();
    await expect(failure).rejects.toBeInstanceOf(NgTimeoutError);
    await expect(failure).rejects.toThrow(
      `rtpengine did not answer 'ping' at ${silent.address} (RTPENGINE_NG) after 3 tries in 60 ms: rtpengine must run`,
    );
    expect([...silent.attempts.values()]).toEqual([3]);
  });

  it('parses host:port and names the setting when it is malformed', () => {
    expect(parseNgAddress('127.0.0.1:22222')).toEqual({ host: '127.0.0.1', port: 22222 });
    expect(parseNgAddress('rtpengine:2223')).toEqual({ host: 'rtpengine', port: 2223 });
    expect(parseNgAddress('[::1]:22222')).toEqual({ host: '::1', port: 22222 });
    expect(() => parseNgAddress('rtpengine')).toThrow(/RTPENGINE_NG must be host:port/);
    expect(() => parseNgAddress('h:70000')).toThrow(/RTPENGINE_NG/);
  });
});
