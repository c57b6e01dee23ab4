/**
 * Schema migrations (umzug), in TypeScript, listed explicitly so that the compiled build and
 * the test runner see the same ordered set. Never `sync()`.
 */
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationFn } from 'umzug';
import type { Logger } from '../logger.js';
import { initial } from './0001-initial.js';
import { seatPauseEnds } from './0002-seat-pause-ends.js';
import { queuesAppointments } from './0003-queues-appointments.js';
import { citizenWechatOpenid } from './0004-citizen-wechat-openid.js';
import { attachments } from './0005-attachments.js';
import { transfers } from './0006-transfers.js';
import { ticketIndexes } from './0007-ticket-indexes.js';
import { quickRepliesFaqs } from './0008-quick-replies-faqs.js';
import { citizenProfileAudit } from './0009-citizen-profile-audit.js';
import { readReceipts } from './0010-read-receipts.js';
import { ticketSearch } from './0011-ticket-search.js';
import { ticketEscalation } from './0012-ticket-escalation.js';
import { matterCatalog } from './0013-matter-catalog.js';
import { assistant } from './0014-assistant.js';
import { recordings } from './0015-recordings.js';
import { cobrowse } from './0016-cobrowse.js';

export interface Migration {
  name: string;
  up: MigrationFn<QueryInterface>;
  down: MigrationFn<QueryInterface>;
}

export const migrations: Migration[] = [
  initial,
  seatPauseEnds,
  queuesAppointments,
  citizenWechatOpenid,
  attachments,
  transfers,
  ticketIndexes,
  quickRepliesFaqs,
  citizenProfileAudit,
  readReceipts,
  ticketSearch,
  ticketEscalation,
  matterCatalog,
  assistant,
  recordings,
  cobrowse,
];

export function createMigrator(sequelize: Sequelize, logger?: Logger) {
  return new Umzug<QueryInterface>({
    migrations,
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: logger
      ? {
          info: (m) => logger.info(m, 'migration'),
          warn: (m) => logger.warn(m, 'migration'),
          error: (m) => logger.error(m, 'migration'),
          debug: (m) => logger.debug(m, 'migration'),
        }
      : undefined,
  });
}

/** Applies pending migrations under a PostgreSQL advisory lock, so parallel starts are safe. */
export async function migrate(sequelize: Sequelize, logger?: Logger): Promise<void> {
  await sequelize.transaction(async () => {
    await sequelize.query('SELECT pg_advisory_xact_lock(727001)');
    await createMigrator(sequelize, logger).up();
  });
}
