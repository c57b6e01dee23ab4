// `npm start`: builds what is stale, then starts the whole system on the embedded default
// (PGlite database in .data/, in-memory realtime, demo data) on one port. Set DATABASE_URL and
// REDIS_URL to use real PostgreSQL and Redis instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root, run } from './lib.mjs';

const code = await run(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale', '--h5-only']);
if (code !== 0) process.exit(code);

const engine = spawn(process.execPath, [path.join(root, 'engine/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => engine.kill(signal));
engine.on('exit', (exitCode, signal) => process.exit(exitCode ?? (signal ? 0 : 1)));
