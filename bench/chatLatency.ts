import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import type { Engine } from '../engine/src/server.js';
import { engineOn, ms, percentile, scratchDatabase, tempDir } from './support.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Citizen posts a message over HTTP; time until the seat's socket receives message.new. */
export async function chatLatency(): Promise<void> {
  const results: Array<{ label: string; p50: number; p95: number; p99: number; perSecond: number }> = [];

  const dir = await tempDir('cs-bench-chat-');
  const embedded = await engineOn({ DATA_DIR: dir });
  try {
    results.push({ label: 'embedded (PGlite, in-memory realtime)', ...(await measure(embedded)) });
  } finally {
    await embedded.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }

  const database = await scratchDatabase('cs_bench_chat', 'production-shaped run');
  if (database) {
    const prod = await engineOn({ DATABASE_URL: database.url, REDIS_URL });
    try {
      results.push({ label: 'PostgreSQL 15 + Redis streams', ...(await measure(prod)) });
    } finally {
      await prod.stop();
      await database.drop();
    }
  }

  console.log(`${MESSAGES} messages, sequential, loopback:`);
  for (const r of results) {
    console.log(`  ${r.label}: p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, ${r.perSecond.toFixed(0)} msg/s`);
  }
  if (results.length === 2)
    console.log(`  p95 ratio embedded / production-shaped: ${(results[0]!.p95 / results[1]!.p95).toFixed(2)}`);
}

async function measure(engine: Engine) {
  const base = engine.url!;
  const post = async (path: string, body: unknown, auth: Record<string, string>) => {
    const res = await fetch(`${base}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, ...auth },
      body: JSON.stringify(body),
    });
    return { res, json: res.status === 204 ? null : await res.json() };
  };
  const login = await post('/auth/login', { username: 'ds001', password: 'Demo@12345' }, {});
  const cookie = login.res.headers.get('set-cookie')!.split(';')[0]!;
  await fetch(`${base}/api/seat/state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ state: 'idle' }),
  });
  const guest = await post('/auth/guest', {}, {});
  const bearer = { authorization: `Bearer ${guest.json.token}` };
  const conv = await post('/conversations', { regionCode: '150602' }, bearer);
  const offers = await (await fetch(`${base}/api/seat/offers`, { headers: { cookie } })).json();
  await post(`/offers/${offers.offers[0].id}/accept`, {}, { cookie });

  const seatSocket: Socket = io(base, { transports: ['websocket'], extraHeaders: { cookie } });
  await new Promise<void>((resolve) => seatSocket.once('connect', () => resolve()));
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const body = `基准消息 ${i}`;
    const received = new Promise<void>((resolve) => {
      const onMessage = (p: { message: { body: string } }) => {
        if (p.message.body === body) {
          seatSocket.off('message.new', onMessage);
          resolve();
        }
      };
      seatSocket.on('message.new', onMessage);
    });
    const start = performance.now();
    await post(`/conversations/${conv.json.id}/messages`, { clientId: randomUUID(), body }, bearer);
    await received;
    samples.push(performance.now() - start);
  }
  const total = performance.now() - t0;
  seatSocket.disconnect();
  await post(`/conversations/${conv.json.id}/end`, {}, { cookie });
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    perSecond: (MESSAGES / total) * 1000,
  };
}
