/**
 * RFC 2833 keys from phones: rtpengine consumes a phone's telephone-event packets (the phone's
 * answer keeps telephone-event, phoneMediaRelay.ts) and, started with `--dtmf-log-dest=<this
 * socket>`, sends one JSON datagram per key: `{"callid":…,"event":5,"duration":…,…}`. The engine
 * listens on that address (RTPENGINE_DTMF_LOG) and hands each key to the call that waits for it,
 * by rtpengine's call id.
 */
import dgram from 'node:dgram';
import { z } from 'zod';
import { parseNgAddress } from './ngClient.js';

const dtmfEventSchema = z.object({
  callid: z.string().min(1),
  /** The party whose stream carried the key (rtpengine's tag for it). */
  source_tag: z.string().optional(),
  type: z.string().optional(),
  event: z.number().int().min(0).max(15),
});

/** RFC 4733 event codes 0–15 as keys. */
const KEYS = '0123456789*#ABCD';

export class DtmfLog {
  private readonly listeners = new Map<string, { listener: (key: string) => void; sourceTag: string | null }>();

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (data) => this.onDatagram(data));
  }

  /** Listens on `host:port` (rtpengine's --dtmf-log-dest). */
  static async listen(address: string): Promise<DtmfLog> {
    const { host, port } = parseNgAddress(address);
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new DtmfLog(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /**
   * Keys of rtpengine's call `callId` go to `listener` until the returned function is called; with
   * `sourceTag`, only the keys that party sent (not those injected towards it by `play DTMF`,
   * which rtpengine logs as coming from the other side).
   */
  on(callId: string, listener: (key: string) => void, sourceTag: string | null = null): () => void {
    const entry = { listener, sourceTag };
    this.listeners.set(callId, entry);
    return () => {
      if (this.listeners.get(callId) === entry) this.listeners.delete(callId);
    };
  }

  close(): void {
    this.listeners.clear();
    this.socket.close();
  }

  private onDatagram(data: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      return; // not rtpengine's: ignored
    }
    const event = dtmfEventSchema.safeParse(parsed);
    if (!event.success || (event.data.type && event.data.type !== 'DTMF')) return;
    const entry = this.listeners.get(event.data.callid);
    if (!entry) return;
    if (entry.sourceTag && event.data.source_tag && event.data.source_tag !== entry.sourceTag) return;
    entry.listener(KEYS[event.data.event]!);
  }
}
