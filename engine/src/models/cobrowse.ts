import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { CobrowseEvent, CobrowseSide, CobrowseStatus } from '@cloud-seat/contracts';

/** 同屏共享 — a co-browse session: the citizen's form mirrored to the serving seat. */
export class CobrowseSession extends Model<InferAttributes<CobrowseSession>, InferCreationAttributes<CobrowseSession>> {
  declare id: string;
  declare conversationId: string;
  /** The seat that served when sharing began. */
  declare seatId: string | null;
  declare status: CobrowseStatus;
  declare formTitle: string;
  declare startedAt: CreationOptional<Date>;
  declare endedAt: CreationOptional<Date | null>;
  declare endedBy: CreationOptional<CobrowseSide | null>;

  static initModel(sequelize: Sequelize) {
    CobrowseSession.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        conversationId: DataTypes.UUID,
        seatId: DataTypes.UUID,
        status: DataTypes.TEXT,
        formTitle: DataTypes.TEXT,
        startedAt: DataTypes.DATE,
        endedAt: DataTypes.DATE,
        endedBy: DataTypes.TEXT,
      },
      { sequelize, tableName: 'cobrowse_sessions', timestamps: false },
    );
  }
}

/** One batch of a session's rrweb events as the citizen page sent it (append-only, for the replay). */
export class CobrowseBatch extends Model<InferAttributes<CobrowseBatch>, InferCreationAttributes<CobrowseBatch>> {
  declare id: CreationOptional<number>;
  declare sessionId: string;
  declare seq: number;
  declare events: CobrowseEvent[];
  declare bytes: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CobrowseBatch.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        sessionId: DataTypes.UUID,
        seq: DataTypes.INTEGER,
        events: DataTypes.JSONB,
        bytes: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'cobrowse_batches', updatedAt: false },
    );
  }
}
