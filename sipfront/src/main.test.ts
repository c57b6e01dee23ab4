/**
 * The process as deployed: `src/main.ts` reads the environment, connects to drachtio-server and
 * starts pinging; bad settings stop it with every problem named.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDrachtio } from './testing/fakeDrachtio.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(TSX, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('main', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('connects with the configured secret, routes INVITE and OPTIONS, pings FreeSWITCH, stops on SIGTERM', async () => {
    const fake = new FakeDrachtio({ secret: 'from-env' });
    const port = await fake.listen();
    cleanups.push(() => fake.close());
    fake.peer('127.0.0.21:5080', () => [{ status: 200 }]);
    const proc = run({
      DRACHTIO_PORT: String(port),
      DRACHTIO_SECRET: 'from-env',
      SIPFRONT_FREESWITCH_TARGETS: '127.0.0.21',
      SIPFRONT_TRUNK_CIDRS: '127.0.0.10',
      RTPENGINE_NG: '127.0.0.1:22222',
      SIPFRONT_HEALTH_INTERVAL_MS: '200',
    });
    cleanups.push(() => proc.child.kill('SIGKILL'));
    await fake.ready(['invite', 'options']);
    await fake.waitFor((r) => r.remote === '127.0.0.21:5080' && r.message.method === 'OPTIONS', 'OPTIONS ping');
    await expect.poll(() => proc.output(), { timeout: 5_000 }).toContain('"msg":"FreeSWITCH 127.0.0.21:5080 is up"');
    expect(proc.output()).toContain('"msg":"connected"');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('exits 1 naming every missing setting', async () => {
    const proc = run({ SIPFRONT_TRUNK_CIDRS: '10.0.0.0/99' });
    expect(await proc.exited).toBe(1);
    for (const name of ['DRACHTIO_SECRET', 'SIPFRONT_FREESWITCH_TARGETS', 'SIPFRONT_TRUNK_CIDRS', 'RTPENGINE_NG']) {
      expect(proc.output()).toContain(`  ${name}: `);
    }
  });
});
