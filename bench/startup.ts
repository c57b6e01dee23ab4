import fs from 'node:fs/promises';
import { engineOn, mb, tempDir } from './support.js';

/** Embedded default start-up: a new data dir (init + migrate + seed) and a reopen of it. */
export async function startup(): Promise<void> {
  const dir = await tempDir('cs-bench-startup-');
  try {
    for (const label of [
      'first start (new data dir)',
      'restart (existing data dir, same process: WASM already compiled)',
    ]) {
      const t0 = performance.now();
      const engine = await engineOn({ DATA_DIR: dir });
      const ready = performance.now() - t0;
      const health = await fetch(`${engine.url}/api/health`);
      const healthy = performance.now() - t0;
      console.log(
        `${label}: ready ${(ready / 1000).toFixed(2)} s, first health ${health.status} at ${(healthy / 1000).toFixed(2)} s, RSS ${mb(process.memoryUsage().rss)}`,
      );
      await engine.stop();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
