import type { CatalogRegionProgress, CatalogSource, CatalogSyncReport, CatalogSyncStatus } from '@cloud-seat/contracts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * 事项库同步记录 — one sync from the matter platform or import of a file (or the demo seed): its
 * progress (x of y, per region), its report and, for a failed run, what to do next. At most one
 * runs at a time (a partial unique index); `heartbeatAt` tells a live run from an abandoned one.
 */
export class CatalogSyncRun extends Model<InferAttributes<CatalogSyncRun>, InferCreationAttributes<CatalogSyncRun>> {
  declare id: string;
  declare source: CatalogSource;
  declare origin: string;
  declare status: CatalogSyncStatus;
  declare incremental: CreationOptional<boolean>;
  declare startedBy: string | null;
  declare startedAt: CreationOptional<Date>;
  declare finishedAt: CreationOptional<Date | null>;
  declare done: CreationOptional<number>;
  declare total: CreationOptional<number>;
  declare regions: CreationOptional<CatalogRegionProgress[]>;
  declare report: CreationOptional<CatalogSyncReport>;
  declare error: CreationOptional<string | null>;
  declare heartbeatAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CatalogSyncRun.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        source: DataTypes.TEXT,
        origin: DataTypes.TEXT,
        status: DataTypes.TEXT,
        incremental: { type: DataTypes.BOOLEAN, defaultValue: false },
        startedBy: DataTypes.UUID,
        startedAt: DataTypes.DATE,
        finishedAt: DataTypes.DATE,
        done: { type: DataTypes.INTEGER, defaultValue: 0 },
        total: { type: DataTypes.INTEGER, defaultValue: 0 },
        regions: { type: DataTypes.JSONB, defaultValue: [] },
        report: {
          type: DataTypes.JSONB,
          defaultValue: { added: 0, changed: 0, unchanged: 0, withdrawn: 0, rejected: [] },
        },
        error: DataTypes.TEXT,
        heartbeatAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'catalog_sync_runs', timestamps: false },
    );
  }
}
