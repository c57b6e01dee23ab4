/**
 * The database adapter: one Sequelize instance per process, with CLS transactions.
 */
import { Sequelize } from 'sequelize';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { SequelizeNamespace } from './cls.js';
import { startEmbeddedPostgres } from './embeddedPostgres.js';

Sequelize.useCLS(new SequelizeNamespace());

export interface Database {
  sequelize: Sequelize;
  kind: Config['database']['kind'];
  close(): Promise<void>;
}

export async function openDatabase(config: Config['database'], logger: Logger): Promise<Database> {
  const embedded = config.kind === 'embedded' ? await startEmbeddedPostgres(config.dataDir, logger) : null;
  const url = embedded ? embedded.url : config.kind === 'postgres' ? config.url : '';
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    logging: false,
    pool: { max: config.poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true },
  });
  await sequelize.authenticate();
  return {
    sequelize,
    kind: config.kind,
    async close() {
      await sequelize.close();
      await embedded?.stop();
    },
  };
}
