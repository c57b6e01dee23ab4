/**
 * Entry point: `node engine/dist/main.js`. ROLE=web|worker|all (default all). Without
 * DATABASE_URL / REDIS_URL it runs the embedded default: PGlite + in-memory realtime.
 */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DEMO_PASSWORD } from './seed/demoData.js';
import { startEngine } from './server.js';

async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const engine = await startEngine(config, logger);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const base = config.publicUrl;
  const lines = [
    '',
    `云坐席 engine ready in ${seconds}s — role ${config.role}, database ${engine.db.kind}, realtime ${config.redisUrl ? 'redis' : 'in-memory'}`,
  ];
  if (engine.url) {
    lines.push(
      `  Citizen H5 app:     ${base}/h5/`,
      `  Agent workbench:    ${base}/agent/`,
      `  API health:         ${base}/api/health`,
    );
  }
  if (config.seedDemo) {
    lines.push(
      `  Demo accounts (password ${DEMO_PASSWORD}):`,
      '    seats:      sbj001 (市本级), ds001 (东胜区), kbs001 (康巴什区) … <region prefix>001–003',
      '    supervisor: supervisor    admin: admin',
    );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    engine
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('云坐席 engine failed to start:', err);
  process.exit(1);
});
