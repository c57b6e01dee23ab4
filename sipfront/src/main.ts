/** `node dist/sipfront/src/main.js`: the SIP front as a process (configuration: README.md). */
import { createSipFront } from './app.js';
import { loadConfig } from './config.js';
import { jsonLogger } from './logger.js';

const logger = jsonLogger();
let config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const front = createSipFront(config, logger);
await front.start();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping');
    front.stop();
    process.exit(0);
  });
}
