/**
 * Another engine as a real OS process on the same database (engine/test/engineProcess.ts), for
 * multi-node and crash tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface EngineProcess {
  url: string;
  pid: number;
  /** SIGTERM and wait (a clean stop). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-flight, as in a crash. */
  crash(): Promise<void>;
}

export async function spawnEngine(databaseUrl: string, env: Record<string, string> = {}): Promise<EngineProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'engineProcess.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const line = chunk
        .toString()
        .split('\n')
        .find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`engine process exited with ${code}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, stop: () => end('SIGTERM'), crash: () => end('SIGKILL') };
}
