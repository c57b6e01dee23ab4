/**
 * Runs rtpengine as a child process for tests and the embedded default: userspace forwarding
 * (`--table=-1`, no kernel module, no root), one interface, the ng socket on UDP. Production runs
 * rtpengine as its own service instead (README.md beside this file).
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { NgClient } from './ngClient.js';

export const RTPENGINE_PATH = process.env.RTPENGINE_PATH ?? '/usr/bin/rtpengine';

export function rtpengineInstalled(): boolean {
  return existsSync(RTPENGINE_PATH);
}

export interface RtpengineOptions {
  /** The address media ports bind to and SDPs advertise. Default 127.0.0.1. */
  interface?: string;
  /** UDP port of the ng socket (on `interface`); 0 or absent: a free one. */
  ngPort?: number;
  /** Media ports (each call leg takes two per side without rtcp-mux). Default 30000–30999. */
  portMin?: number;
  portMax?: number;
  /** rtpengine's log level (syslog numbers, 7 = debug). Default 5. */
  logLevel?: number;
  /** How long to wait for the first `pong`. Default 5 s. */
  startTimeoutMs?: number;
  /** `host:port` rtpengine sends the RFC 2833 keys it sees to, as JSON over UDP (--dtmf-log-dest). */
  dtmfLogDest?: string;
  /**
   * Named media interfaces (`name/address`, e.g. `carrier/127.0.0.1`, `private/127.0.0.2`) instead
   * of the one `interface`, for the ng `direction` flag; the ng socket stays on `interface`.
   */
  namedInterfaces?: string[];
}

export interface RtpengineProcess {
  /** `host:port` of the ng socket: the RTPENGINE_NG value for this instance. */
  readonly ngAddress: string;
  readonly pid: number;
  /** The last lines rtpengine logged (for failure messages). */
  log(): string;
  /** Stops rtpengine (SIGTERM, then SIGKILL after 2 s) and resolves once it is gone. */
  stop(): Promise<void>;
}

/** A free UDP port on `host`, asked from the OS (free when asked; good enough for tests). */
export function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

const LOG_LINES = 200;

export async function startRtpengine(options: RtpengineOptions = {}): Promise<RtpengineProcess> {
  if (!rtpengineInstalled()) {
    throw new Error(`rtpengine not found at ${RTPENGINE_PATH}: apt-get install -y rtpengine-daemon`);
  }
  const host = options.interface ?? '127.0.0.1';
  const ngPort = options.ngPort || (await freeUdpPort(host));
  const ngAddress = `${host}:${ngPort}`;
  const args = [
    '--foreground',
    '--log-stderr',
    '--no-log-timestamps',
    // Debian's /etc/rtpengine/rtpengine.conf (if any) must not override what is asked here.
    '--config-file=none',
    '--table=-1',
    ...(options.namedInterfaces?.length
      ? options.namedInterfaces.map((named) => `--interface=${named}`)
      : [`--interface=${host}`]),
    `--listen-ng=${ngAddress}`,
    `--port-min=${options.portMin ?? 30000}`,
    `--port-max=${options.portMax ?? 30999}`,
    `--log-level=${options.logLevel ?? 5}`,
    // Deleted calls free their ports at once rather than after the default 30 s.
    '--delete-delay=0',
    ...(options.dtmfLogDest ? [`--dtmf-log-dest=${options.dtmfLogDest}`] : []),
  ];
  const child = spawn(RTPENGINE_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - LOG_LINES));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  // A test runner that dies must not leave rtpengine holding its ports.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const log = () => lines.join('\n');

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };

  const client = new NgClient({ address: ngAddress, retransmitMs: 100, attempts: 1 });
  const until = Date.now() + (options.startTimeoutMs ?? 5_000);
  try {
    for (;;) {
      const outcome = await Promise.race([
        client.ping().then(
          () => 'pong' as const,
          (error: Error) => error,
        ),
        exited.then((code) => new Error(`rtpengine exited with code ${code} while starting:\n${log()}`)),
        spawnError,
      ]);
      if (outcome === 'pong') break;
      if (outcome.message.startsWith('rtpengine exited') || 'code' in outcome) throw outcome;
      if (Date.now() > until)
        throw new Error(`rtpengine did not answer ping at ${ngAddress} within the start timeout:\n${log()}`);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.close();
  }
  return { ngAddress, pid: child.pid ?? -1, log, stop };
}
