/**
 * Several engines driving one FreeSWITCH pool (REDIS_URL set): each engine holds the calls whose
 * parked channel it claimed (sharedState.ts), and they talk over one Redis pub/sub channel so that
 * it does not matter which engine a command or a request reaches:
 * - `signal`: what the commands tell the switch (an offer made, a transfer, a requeue, an end)
 *   goes to every engine; the one holding the call acts on it at once;
 * - `calls`: each engine says every second which conversations it has a call for and which seats
 *   ring or talk on them, so every engine's ACD counts those seats as on a call (an engine that
 *   stops saying so is forgotten after a few seconds);
 * - `hold` / `holdReply`: 保持 / 恢复 reaching an engine that does not hold the call is asked of
 *   the one that does.
 * Messages are validated on the way in; a malformed one is logged and dropped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Redis } from '../redis/redis.js';

const id = z.string().min(1).max(64);
const signalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offered'), conversationId: id, offerId: id, seatId: id }),
  z.object({ kind: z.literal('transferOffered'), conversationId: id, offerId: id, seatId: id }),
  z.object({ kind: z.literal('transferLapsed'), conversationId: id, offerId: id }),
  z.object({ kind: z.literal('requeued'), conversationId: id }),
  z.object({ kind: z.literal('ended'), conversationId: id }),
]);
export type ClusterSignal = z.infer<typeof signalSchema>;

const callSchema = z.object({ conversationId: id, seatIds: z.array(id).max(50) });
export type ClusterCall = z.infer<typeof callSchema>;

const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signal'), from: id, signal: signalSchema }),
  z.object({ type: z.literal('calls'), from: id, calls: z.array(callSchema).max(10_000) }),
  z.object({
    type: z.literal('hold'),
    from: id,
    requestId: id,
    conversationId: id,
    seatId: id,
    held: z.boolean(),
  }),
  z.object({ type: z.literal('holdReply'), from: id, to: id, requestId: id, ok: z.boolean() }),
]);
type Message = z.infer<typeof messageSchema>;

export interface ClusterHandlers {
  /** A signal from another engine, for the calls this one holds. */
  signal(signal: ClusterSignal): void;
  /** 保持/恢复 asked by another engine: null when this engine does not hold the call. */
  hold(conversationId: string, seatId: string, held: boolean): Promise<boolean> | null;
  /** This engine's calls now, for the others. */
  calls(): ClusterCall[];
}

export interface SwitchClusterOptions {
  /** Publishes (and is used for nothing that blocks). */
  redis: Redis;
  /** A separate connection for SUBSCRIBE. */
  subscriber: Redis;
  /** Engines of one deployment share it: `cloud-seat:switch:<SIP domain>`. */
  channel: string;
  logger: Logger;
  announceEveryMs?: number;
  /** Another engine's calls are forgotten when it has not said them for this long. */
  forgetAfterMs?: number;
  holdTimeoutMs?: number;
}

export class SwitchCluster {
  readonly nodeId = randomUUID();
  private handlers: ClusterHandlers | null = null;
  private readonly remote = new Map<string, { calls: ClusterCall[]; at: number }>();
  private readonly pendingHolds = new Map<string, (ok: boolean) => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly announceEveryMs: number;
  private readonly forgetAfterMs: number;

  constructor(private readonly options: SwitchClusterOptions) {
    this.announceEveryMs = options.announceEveryMs ?? 1000;
    this.forgetAfterMs = options.forgetAfterMs ?? 3500;
  }

  async start(handlers: ClusterHandlers): Promise<void> {
    this.handlers = handlers;
    const { subscriber, channel } = this.options;
    subscriber.on('message', (from: string, raw: string) => {
      if (from === channel) this.receive(raw);
    });
    await subscriber.subscribe(channel);
    this.announce();
    this.timer = setInterval(() => this.announce(), this.announceEveryMs);
    this.timer.unref();
  }

  signal(signal: ClusterSignal): void {
    this.publish({ type: 'signal', from: this.nodeId, signal });
  }

  /** Does another engine hold a call of this conversation? */
  hasRemoteCall(conversationId: string): boolean {
    return this.remoteCalls().some((c) => c.conversationId === conversationId);
  }

  remoteSeatsOnCall(): string[] {
    return this.remoteCalls().flatMap((c) => c.seatIds);
  }

  /** 保持/恢复 of a call another engine holds; false when none answers in time. */
  hold(conversationId: string, seatId: string, held: boolean): Promise<boolean> {
    const requestId = randomUUID();
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.pendingHolds.delete(requestId);
        resolve(false);
      }, this.options.holdTimeoutMs ?? 3000);
      this.pendingHolds.set(requestId, (ok) => {
        clearTimeout(timer);
        this.pendingHolds.delete(requestId);
        resolve(ok);
      });
      this.publish({ type: 'hold', from: this.nodeId, requestId, conversationId, seatId, held });
    });
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const resolve of this.pendingHolds.values()) resolve(false);
    // the others forget this engine's calls now rather than after forgetAfterMs
    this.publish({ type: 'calls', from: this.nodeId, calls: [] });
    await this.options.subscriber.unsubscribe(this.options.channel).catch(() => undefined);
  }

  private remoteCalls(): ClusterCall[] {
    const now = Date.now();
    const calls: ClusterCall[] = [];
    for (const [node, entry] of this.remote) {
      if (now - entry.at > this.forgetAfterMs) this.remote.delete(node);
      else calls.push(...entry.calls);
    }
    return calls;
  }

  private announce(): void {
    if (!this.handlers) return;
    this.publish({ type: 'calls', from: this.nodeId, calls: this.handlers.calls() });
  }

  private publish(message: Message): void {
    this.options.redis
      .publish(this.options.channel, JSON.stringify(message))
      .catch((err: unknown) => this.options.logger.warn({ err, type: message.type }, 'switch cluster: publish failed'));
  }

  private receive(raw: string): void {
    let parsed: ReturnType<typeof messageSchema.safeParse>;
    try {
      parsed = messageSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = messageSchema.safeParse(undefined);
    }
    if (!parsed.success) {
      this.options.logger.warn({ raw: raw.slice(0, 200) }, 'switch cluster: dropped a malformed message');
      return;
    }
    const message = parsed.data;
    if (message.from === this.nodeId || !this.handlers) return;
    switch (message.type) {
      case 'signal':
        return this.handlers.signal(message.signal);
      case 'calls':
        this.remote.set(message.from, { calls: message.calls, at: Date.now() });
        return;
      case 'hold': {
        const applied = this.handlers.hold(message.conversationId, message.seatId, message.held);
        if (!applied) return;
        void applied
          .catch(() => false)
          .then((ok) =>
            this.publish({
              type: 'holdReply',
              from: this.nodeId,
              to: message.from,
              requestId: message.requestId,
              ok,
            }),
          );
        return;
      }
      case 'holdReply':
        if (message.to === this.nodeId) this.pendingHolds.get(message.requestId)?.(message.ok);
        return;
    }
  }
}
