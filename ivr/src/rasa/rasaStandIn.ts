/**
 * Test support: a stand-in for a Rasa server's REST channel (`POST /webhooks/rest/webhook`,
 * `{sender, message, metadata}` → an array of bot messages), on 127.0.0.1. Replies are scripted:
 * the first rule whose `when` matches the message (its exact text, a `/intent` button payload, or
 * a RegExp) answers; otherwise the fallback does. Knobs break it like a real deployment breaks:
 * HTTP errors, slow answers, text that is not JSON, JSON that is not the channel's array, a token
 * check. Never used by the assistant itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message in the channel's shape, without `recipient_id` (the stand-in adds the sender). */
export type StandInMessage = Record<string, unknown>;

export interface ScriptRule {
  /** The message text or button payload (`/handoff`), exactly; or a pattern over it. */
  when: string | RegExp;
  messages: StandInMessage[];
}

export interface RasaStandInKnobs {
  /** The `?token=` the stand-in expects; null: no check. */
  token: string | null;
  /** Milliseconds before each answer. */
  delayMs: number;
  /** Answer the next `times` requests with this HTTP status (default: every request). */
  fail: { status: number; times?: number } | null;
  /** Answer with text that is not JSON, or with JSON that is not an array of messages. */
  malformed: 'notJson' | 'notArray' | 'badMessage' | null;
}

/** One request as the stand-in received it. */
export interface StandInRequest {
  url: URL;
  method: string;
  contentType: string | undefined;
  body: unknown;
}

export interface RasaStandIn {
  /** The base address, as RASA_URL would hold it. */
  url: string;
  script: ScriptRule[];
  fallback: StandInMessage[];
  knobs: RasaStandInKnobs;
  requests: StandInRequest[];
  close(): Promise<void>;
}

/** What the shipped project (ivr/rasa) says to what it does not understand. */
export const FALLBACK_MESSAGES: StandInMessage[] = [
  {
    text: '抱歉，我没有听懂您的问题。您可以换个说法，或者转人工客服为您解答。',
    buttons: [{ title: '转人工', payload: '/handoff' }],
  },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function matches(rule: ScriptRule, message: string): boolean {
  return typeof rule.when === 'string' ? rule.when === message.trim() : rule.when.test(message);
}

export async function startRasaStandIn(
  script: ScriptRule[] = [],
  knobs: Partial<RasaStandInKnobs> = {},
): Promise<RasaStandIn> {
  const state: RasaStandIn = {
    url: '',
    script,
    fallback: FALLBACK_MESSAGES,
    knobs: { token: null, delayMs: 0, fail: null, malformed: null, ...knobs },
    requests: [],
    close: async () => undefined,
  };
  const send = (res: http.ServerResponse, status: number, body: string) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Kept as text: the test sees what was sent.
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      state.requests.push({ url, method: req.method ?? '', contentType: req.headers['content-type'], body });
      const k = state.knobs;
      if (req.method !== 'POST' || url.pathname !== '/webhooks/rest/webhook') {
        return send(res, 404, JSON.stringify({ status: 'failure', reason: 'NotFound' }));
      }
      if (k.token && url.searchParams.get('token') !== k.token) {
        return send(res, 401, JSON.stringify({ status: 'failure', reason: 'NotAuthenticated' }));
      }
      if (k.delayMs > 0) await sleep(k.delayMs);
      if (k.fail && (k.fail.times ?? 1) > 0) {
        if (k.fail.times !== undefined) k.fail.times--;
        return send(res, k.fail.status, JSON.stringify({ status: 'failure', reason: 'ServerError' }));
      }
      if (k.malformed === 'notJson') return send(res, 200, '<html>502 Bad Gateway</html>');
      if (k.malformed === 'notArray') return send(res, 200, JSON.stringify({ text: '你好' }));
      if (k.malformed === 'badMessage') {
        return send(res, 200, JSON.stringify([{ text: '请选择', buttons: [{ title: '转人工' }] }]));
      }
      const { sender, message } = (body ?? {}) as { sender?: unknown; message?: unknown };
      if (typeof sender !== 'string' || typeof message !== 'string') {
        return send(res, 400, JSON.stringify({ status: 'failure', reason: 'BadRequest' }));
      }
      const rule = state.script.find((r) => matches(r, message));
      const messages = (rule?.messages ?? state.fallback).map((m) => ({ recipient_id: sender, ...m }));
      send(res, 200, JSON.stringify(messages));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
