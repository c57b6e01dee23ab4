/**
 * `node engine/dist/migrations/cli.js` (or `npm run migrate -w engine`): applies pending
 * migrations to DATABASE_URL and exits. The release step of a production deployment.
 */
import { openDatabase } from '../adapters/db/database.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { migrate } from './index.js';

const config = loadConfig();
const logger = createLogger(config.logLevel, 'migrate');
const db = await openDatabase(config.database, logger);
try {
  await migrate(db.sequelize, logger);
  logger.info('migrations applied');
} finally {
  await db.close();
}
