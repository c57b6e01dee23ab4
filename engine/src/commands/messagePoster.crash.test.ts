/**
 * Chat across an engine crash: 50 conversations exchange messages both ways (HTTP posts,
 * socket.io pushes) while the engine process is killed (SIGKILL) and started again on the same
 * port. The clients do what the apps do: a post without an answer is sent again with the same
 * clientId, and after a reconnect or a gap in the pushes they read `?afterSeq=` from the last seq
 * up to which they hold every message (contracts' lastSeqOf). Afterwards every message each side sent is stored exactly once, each
 * conversation's seqs are 1..n, and what each side received equals the stored list.
 */
import { randomUUID } from 'node:crypto';
import { lastSeqOf, mergeMessages, type ChatMessage, type MessageView } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { createSeat } from '../../test/factories.js';
import { spawnEngine, type EngineProcess } from '../../test/spawnEngine.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';

const CHATS = 50;
const CAPACITY = 5;
const SEATS = CHATS / CAPACITY;
/** Messages each side of each conversation sends; every fourth is sent twice (a lost answer). */
const PER_SIDE = 16;
const REGION = '150624';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One app, as the citizen app and the workbench behave: a socket authenticated like theirs, and
 * per conversation a list merged (contracts' mergeMessages) from the answers to its own posts,
 * the `message.new` pushes and catch-up reads after `lastSeqOf` — on every (re)connect and
 * whenever a push shows a gap.
 */
class ChatClient {
  readonly views = new Map<string, ChatMessage[]>();
  readonly failures: string[] = [];
  readonly socket: Socket;
  private readonly catching = new Map<string, { again: boolean }>();
  private closed = false;

  constructor(
    readonly api: ApiClient,
    conversationIds: string[],
    auth: { auth: { token: string } } | { extraHeaders: { cookie: string } },
  ) {
    for (const id of conversationIds) this.views.set(id, []);
    this.socket = connect(api.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      ...auth,
    });
    this.socket.on('connect', () => {
      for (const id of this.views.keys()) this.catchUp(id);
    });
    this.socket.on('message.new', ({ message }: { message: MessageView }) => {
      const held = this.views.get(message.conversationId);
      if (!held) return;
      const gap = message.seq > lastSeqOf(held) + 1;
      this.views.set(message.conversationId, mergeMessages(held, [message]));
      if (gap) this.catchUp(message.conversationId);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }

  /** The answer to this app's own post. */
  answered(message: MessageView): void {
    this.views.set(message.conversationId, mergeMessages(this.views.get(message.conversationId)!, [message]));
  }

  close(): void {
    this.closed = true;
    this.socket.disconnect();
  }

  /** Reads what follows the last seq held without a gap; coalesces overlapping requests. */
  private catchUp(id: string): void {
    const running = this.catching.get(id);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.catching.set(id, state);
    void (async () => {
      do {
        state.again = false;
        await this.readAfter(id);
      } while (state.again && !this.closed);
      this.catching.delete(id);
    })();
  }

  private async readAfter(id: string): Promise<void> {
    while (!this.closed) {
      let res;
      try {
        res = await this.api.get<{ messages: MessageView[] }>(
          `/conversations/${id}/messages?afterSeq=${lastSeqOf(this.views.get(id)!)}`,
        );
      } catch {
        await sleep(100); // the engine is down: read again once it is back
        continue;
      }
      if (res.status >= 500) {
        await sleep(100);
        continue;
      }
      if (res.status !== 200) {
        this.failures.push(`catch-up of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
        return;
      }
      this.views.set(id, mergeMessages(this.views.get(id)!, res.body.messages));
      if (res.body.messages.length < 200) return; // the page size: more may follow
    }
  }
}

interface Sent {
  clientId: string;
  body: string;
  id: string;
  seq: number;
  /** Posts until an answer came: > 1 when the crash hit this message. */
  attempts: number;
  status: number;
}

/** Posts until the engine answers, retrying connection failures and 5xx with the same clientId. */
async function postUntilAnswered(
  api: ApiClient,
  conversationId: string,
  message: { clientId: string; body: string },
): Promise<{ status: number; body: MessageView; attempts: number }> {
  const deadline = Date.now() + 30_000;
  for (let attempts = 1; ; attempts++) {
    try {
      const res = await api.post<MessageView>(`/conversations/${conversationId}/messages`, message);
      if (res.status === 200 || res.status === 201) return { ...res, attempts };
      if (res.status < 500) throw new Error(`post refused: ${res.status} ${JSON.stringify(res.body)}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('post refused')) throw err;
      // no answer (connection refused or reset): the same clientId again
    }
    if (Date.now() > deadline) throw new Error(`no answer to ${message.body} within 30 s`);
    await sleep(50 + Math.random() * 100);
  }
}

let keeper: TestEngine & { databaseUrl: string | null };
const processes: EngineProcess[] = [];
const clients: ChatClient[] = [];

beforeAll(async () => {
  // Owns the database (cloned from the migrated template, dropped at the end); its own worker
  // does not sweep during the test.
  keeper = await startTestEngine();
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const p of processes) await p.stop();
  await keeper?.stop();
});

describe('chat across an engine crash', () => {
  it(`${CHATS} conversations lose and duplicate no message when the engine is killed mid-conversation`, async (ctx) => {
    if (!keeper.databaseUrl) ctx.skip(); // an embedded PGlite cannot be shared by processes
    let engine = await spawnEngine(keeper.databaseUrl!);
    processes.push(engine);
    const base = engine.url;

    // Seats on duty, citizens connect (快速连线), every seat accepts what it is offered.
    const seats = await Promise.all(
      Array.from({ length: SEATS }, async () => {
        const s = await createSeat({ regionCode: REGION, capacity: CAPACITY });
        const api = await new ApiClient(base).login(s.username, s.password);
        expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
        return { api, conversationIds: [] as string[] };
      }),
    );
    const citizens = await Promise.all(Array.from({ length: CHATS }, () => new ApiClient(base).asGuest()));
    const conversationIds: string[] = [];
    for (const c of citizens) {
      const created = await c.post('/conversations', { regionCode: REGION });
      expect(created.body.status).toBe('offered');
      conversationIds.push(created.body.id as string);
    }
    for (const seat of seats) {
      const { offers } = (await seat.api.get('/seat/offers')).body as { offers: Array<{ id: string }> };
      for (const offer of offers) {
        const accepted = await seat.api.post(`/offers/${offer.id}/accept`);
        expect(accepted.status).toBe(200);
        seat.conversationIds.push((accepted.body as { id: string }).id);
      }
    }
    const seatOf = new Map<string, (typeof seats)[number]>();
    for (const seat of seats) for (const id of seat.conversationIds) seatOf.set(id, seat);
    expect([...seatOf.keys()].sort()).toEqual([...conversationIds].sort());

    const citizenClients = citizens.map(
      (api, i) => new ChatClient(api, [conversationIds[i]!], { auth: { token: api.sessionToken! } }),
    );
    const seatClients = new Map(
      seats.map((s) => [
        s,
        new ChatClient(s.api, s.conversationIds, { extraHeaders: { cookie: s.api.authHeaders().cookie! } }),
      ]),
    );
    clients.push(...citizenClients, ...seatClients.values());
    await Promise.all(clients.map((c) => c.connected()));

    // Both sides of every conversation talk; a third of the way through, the engine dies.
    const sent = new Map<string, { citizen: Sent[]; seat: Sent[] }>();
    const resent: Array<{ status: number; sameMessage: boolean }> = [];
    const total = CHATS * 2 * PER_SIDE;
    let answered = 0;
    let reachedCrashPoint: () => void = () => undefined;
    const crashPoint = new Promise<void>((resolve) => (reachedCrashPoint = resolve));
    const talk = async (app: ChatClient, conversationId: string, into: Sent[], tag: string) => {
      const api = app.api;
      for (let i = 0; i < PER_SIDE; i++) {
        const message = { clientId: randomUUID(), body: `${tag} ${i} ${randomUUID().slice(0, 8)}` };
        const first = await postUntilAnswered(api, conversationId, message);
        app.answered(first.body);
        into.push({
          ...message,
          id: first.body.id,
          seq: first.body.seq,
          attempts: first.attempts,
          status: first.status,
        });
        if (i % 4 === 3) {
          const again = await postUntilAnswered(api, conversationId, message);
          resent.push({ status: again.status, sameMessage: again.body.id === first.body.id });
        }
        if (++answered >= total / 3) reachedCrashPoint();
        await sleep(20 + Math.random() * 60);
      }
    };
    let downtimeMs = 0;
    const crash = crashPoint.then(async () => {
      const started = performance.now();
      await engine.crash();
      engine = await spawnEngine(keeper.databaseUrl!, { ENGINE_PORT: new URL(base).port });
      processes.push(engine);
      downtimeMs = performance.now() - started;
    });
    await Promise.all([
      ...conversationIds.map((id, k) => {
        const record = { citizen: [] as Sent[], seat: [] as Sent[] };
        sent.set(id, record);
        return Promise.all([
          talk(citizenClients[k]!, id, record.citizen, `c${k} 市民`),
          talk(seatClients.get(seatOf.get(id)!)!, id, record.seat, `c${k} 坐席`),
        ]);
      }),
      crash,
    ]);

    // What the database holds, and what each side shows once the pushes and reads settle.
    type Row = {
      id: string;
      conversation_id: string;
      seq: number;
      sender_type: string;
      client_id: string | null;
      body: string;
    };
    const readStored = async () => {
      const rows = await keeper.db.sequelize.query<Row>(
        'SELECT id, conversation_id, seq, sender_type, client_id, body FROM messages WHERE conversation_id IN (:ids) ORDER BY conversation_id, seq',
        { type: QueryTypes.SELECT, replacements: { ids: conversationIds } },
      );
      const byConversation = new Map<string, Row[]>(conversationIds.map((id) => [id, []]));
      for (const r of rows) byConversation.get(r.conversation_id)!.push(r);
      return byConversation;
    };
    const shown = (view: readonly ChatMessage[] | undefined) => (view ?? []).map((m) => `${m.seq}:${m.id}`);
    const viewProblems = (stored: Map<string, Row[]>) => {
      const problems: string[] = [];
      for (const [k, id] of conversationIds.entries()) {
        const expected = stored.get(id)!.map((r) => `${r.seq}:${r.id}`);
        for (const [side, client] of [
          ['citizen', citizenClients[k]!],
          ['seat', seatClients.get(seatOf.get(id)!)!],
        ] as const) {
          const got = shown(client.views.get(id));
          if (got.join() !== expected.join())
            problems.push(`c${k} ${side} shows ${got.length} messages, stored ${expected.length}`);
        }
      }
      return problems;
    };
    let stored = await readStored();
    const settleBy = Date.now() + 15_000;
    while (viewProblems(stored).length > 0 && Date.now() < settleBy) {
      await sleep(200);
      stored = await readStored();
    }

    const problems: string[] = [];
    const lastSeqs = new Map(
      (
        await keeper.db.sequelize.query<{ id: string; last_seq: number }>(
          'SELECT id, last_seq FROM conversations WHERE id IN (:ids)',
          { type: QueryTypes.SELECT, replacements: { ids: conversationIds } },
        )
      ).map((r) => [r.id, r.last_seq]),
    );
    for (const [k, id] of conversationIds.entries()) {
      const rows = stored.get(id)!;
      const seqs = rows.map((r) => r.seq);
      if (seqs.some((seq, i) => seq !== i + 1)) problems.push(`c${k} seqs are not 1..n: ${seqs.join(',')}`);
      if (lastSeqs.get(id) !== rows.length) problems.push(`c${k} last_seq ${lastSeqs.get(id)}, ${rows.length} stored`);
      const record = sent.get(id)!;
      for (const s of [...record.citizen, ...record.seat]) {
        const copies = rows.filter((r) => r.body === s.body);
        if (copies.length !== 1) problems.push(`c${k} "${s.body}" stored ${copies.length} times`);
        else if (copies[0]!.id !== s.id || copies[0]!.client_id !== s.clientId || copies[0]!.seq !== s.seq)
          problems.push(
            `c${k} "${s.body}" stored as ${copies[0]!.seq}/${copies[0]!.client_id}/${copies[0]!.id}, ` +
              `answered as ${s.seq}/${s.clientId}/${s.id}`,
          );
      }
      const fromSides = rows.filter((r) => r.sender_type !== 'system').length;
      if (fromSides !== record.citizen.length + record.seat.length)
        problems.push(
          `c${k} ${fromSides} messages from the two sides stored, ${record.citizen.length + record.seat.length} sent`,
        );
    }
    problems.push(...viewProblems(stored));
    for (const c of clients) problems.push(...c.failures);
    for (const r of resent.filter((x) => x.status !== 200 || !x.sameMessage))
      problems.push(`a resent clientId was answered ${r.status}${r.sameMessage ? '' : ' with another message'}`);
    expect(problems).toEqual([]);

    const all = [...sent.values()].flatMap((r) => [...r.citizen, ...r.seat]);
    const acrossCrash = all.filter((s) => s.attempts > 1);
    expect(all).toHaveLength(total);
    expect(acrossCrash.length).toBeGreaterThan(0); // the crash did land mid-conversation
    console.info(
      `[chat crash] ${total} messages + ${resent.length} resent, engine down ${downtimeMs.toFixed(0)} ms; ` +
        `${acrossCrash.length} posts retried across the crash, ${acrossCrash.filter((s) => s.status === 200).length} ` +
        `of them already stored (answer lost)`,
    );
  }, 90_000);
});
