import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeResponse, parseMessage, parseVia, type SipMessage, type SipRequest } from './message.js';
import { TransactionLayer } from './transactions.js';
import type { Flow } from './transports.js';

const T = { t1: 100, t2: 400, t4: 500 };

function setup(reliable = false) {
  const sent: SipMessage[] = [];
  const flow: Flow = {
    id: reliable ? 'tcp:1' : 'udp:127.0.0.1:5070',
    transport: reliable ? 'tcp' : 'udp',
    reliable,
    remote: { address: '127.0.0.1', port: 5070 },
    local: { address: '127.0.0.1', port: 5060 },
    isOpen: () => true,
    send: () => true,
  };
  const layer = new TransactionLayer((message) => sent.push(message), T);
  return { sent, flow, layer };
}

function request(method: string, branch = 'z9hG4bKabc', extra = ''): SipRequest {
  return parseMessage(
    [
      `${method} sip:u@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch}`,
      'From: <sip:a@127.0.0.1>;tag=f1',
      `To: <sip:u@127.0.0.1>${extra}`,
      'Call-ID: c1',
      `CSeq: 1 ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  ) as SipRequest;
}

describe('TransactionLayer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('absorbs a retransmitted non-INVITE, resending the last response, then forgets it after 64·T1', () => {
    const { sent, flow, layer } = setup();
    const inbound = layer.receiveRequest(request('OPTIONS'), flow);
    expect(inbound.kind).toBe('new');
    if (inbound.kind !== 'new') return;
    inbound.tx.respond(makeResponse(inbound.tx.request, 200, { toTag: 't' }));
    expect(layer.receiveRequest(request('OPTIONS'), flow).kind).toBe('retransmission');
    expect(sent.map((m) => m.kind === 'response' && m.status)).toEqual([200, 200]);
    vi.advanceTimersByTime(64 * T.t1);
    expect(layer.size.server).toBe(0);
    expect(layer.receiveRequest(request('OPTIONS'), flow).kind).toBe('new');
  });

  it('retransmits an INVITE error over UDP (T1, 2·T1 … capped at T2) until the ACK, which it absorbs', () => {
    const { sent, flow, layer } = setup();
    const inbound = layer.receiveRequest(request('INVITE'), flow);
    if (inbound.kind !== 'new') throw new Error('expected a new transaction');
    inbound.tx.respond(makeResponse(inbound.tx.request, 486, { toTag: 't' }));
    vi.advanceTimersByTime(T.t1 + 2 * T.t1 + 4 * T.t1 + T.t2); // 100, 300, 700, 1100 ms
    expect(sent).toHaveLength(5);
    expect(layer.receiveRequest(request('ACK', 'z9hG4bKabc', ';tag=t'), flow).kind).toBe('ack-absorbed');
    vi.advanceTimersByTime(10 * T.t2);
    expect(sent).toHaveLength(5);
    expect(layer.size.server).toBe(0);
  });

  it('matches the ACK of a 2xx (new branch) by Call-ID and CSeq and hands it on', () => {
    const { sent, flow, layer } = setup();
    const inbound = layer.receiveRequest(request('INVITE'), flow);
    if (inbound.kind !== 'new') throw new Error('expected a new transaction');
    inbound.tx.respond(makeResponse(inbound.tx.request, 200, { toTag: 't' }));
    vi.advanceTimersByTime(T.t1);
    expect(sent).toHaveLength(2);
    const ack = layer.receiveRequest(request('ACK', 'z9hG4bKother', ';tag=t'), flow);
    expect(ack).toEqual({ kind: 'ack', tx: inbound.tx });
    vi.advanceTimersByTime(10 * T.t2);
    expect(sent).toHaveLength(2);
    expect(layer.size.server).toBe(0);
  });

  it('reports a 2xx that is never acknowledged', () => {
    const { flow, layer } = setup(true);
    const inbound = layer.receiveRequest(request('INVITE'), flow);
    if (inbound.kind !== 'new') throw new Error('expected a new transaction');
    const noAck = vi.fn();
    inbound.tx.onAckTimeout = noAck;
    inbound.tx.respond(makeResponse(inbound.tx.request, 200, { toTag: 't' }));
    vi.advanceTimersByTime(64 * T.t1);
    expect(noAck).toHaveBeenCalledOnce();
  });

  it('retransmits a client request over UDP and gives 408 after 64·T1', async () => {
    const { sent, flow, layer } = setup();
    const tx = layer.request(request('OPTIONS', 'z9hG4bKout'), flow);
    vi.advanceTimersByTime(64 * T.t1);
    expect((await tx.final).status).toBe(408);
    expect(sent.length).toBeGreaterThan(5);
    expect(layer.size.client).toBe(0);
  });

  it('sends no retransmission over a reliable flow and resolves with the final response', async () => {
    const { sent, flow, layer } = setup(true);
    const req = request('BYE', 'z9hG4bKbye');
    const tx = layer.request(req, flow);
    vi.advanceTimersByTime(10 * T.t1);
    expect(sent).toHaveLength(1);
    expect(layer.receiveResponse(makeResponse(req, 200, { toTag: 't' }))).toBe(true);
    expect((await tx.final).status).toBe(200);
    expect(layer.receiveResponse(makeResponse(req, 200, { toTag: 't' }))).toBe(false);
  });

  it('acknowledges a non-2xx answer to its INVITE with the same branch and the answer To-tag', async () => {
    const { sent, flow, layer } = setup();
    const req = request('INVITE', 'z9hG4bKinv');
    const provisional = vi.fn();
    const tx = layer.request(req, flow, provisional);
    layer.receiveResponse(makeResponse(req, 180, { toTag: 'callee' }));
    layer.receiveResponse(makeResponse(req, 486, { toTag: 'callee' }));
    expect((await tx.final).status).toBe(486);
    expect(provisional).toHaveBeenCalledTimes(2);
    const ack = sent.at(-1) as SipRequest;
    expect(ack.method).toBe('ACK');
    expect(parseVia(ack.headers.get('via')!).params.branch).toBe('z9hG4bKinv');
    expect(ack.headers.get('to')).toBe('<sip:u@127.0.0.1>;tag=callee');
    expect(ack.headers.get('cseq')).toBe('1 ACK');
  });
});
