/**
 * A second engine process for multi-node tests: `node --import tsx engine/test/engineProcess.ts`
 * with DATABASE_URL (and optionally REDIS_URL) set; ENGINE_PORT to listen on a given port (a restart
 * on the port of a crashed process), else one the OS picks. Prints {"url": …} once listening.
 */
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startEngine } from '../src/server.js';

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  ASSISTANT: process.env.ASSISTANT ?? 'off',
  // several of these run at once: no SIP listeners on 5060 unless a test asks (then with ports 0)
  SWITCH: process.env.SWITCH ?? 'off',
  ROLE: 'web',
  HOST: '127.0.0.1',
  PORT: process.env.ENGINE_PORT ?? '0',
  SEED_DEMO: 'false',
  MIGRATE_ON_START: 'false',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
});
const engine = await startEngine(config, createLogger(config.logLevel));
process.stdout.write(`${JSON.stringify({ url: engine.url })}\n`);
process.on('SIGTERM', () => {
  void engine.stop().then(() => process.exit(0));
});
