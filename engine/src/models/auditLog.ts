import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** 审计日志 — who did a sensitive thing (e.g. revealed a citizen's ID number), to what, when, why. */
export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare at: CreationOptional<Date>;
  declare accountId: string | null;
  declare actorName: string;
  declare action: string;
  declare targetType: string;
  declare targetId: string;
  declare detail: Record<string, unknown>;
  declare ip: string | null;

  static initModel(sequelize: Sequelize) {
    AuditLog.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        at: { type: DataTypes.DATE, defaultValue: DataTypes.NOW },
        accountId: DataTypes.UUID,
        actorName: DataTypes.TEXT,
        action: DataTypes.TEXT,
        targetType: DataTypes.TEXT,
        targetId: DataTypes.UUID,
        detail: DataTypes.JSONB,
        ip: DataTypes.TEXT,
      },
      { sequelize, tableName: 'audit_logs', timestamps: false },
    );
  }
}
