import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { QueueStrategy } from '@cloud-seat/contracts';

/**
 * 队列 — routing settings of one region and business category. A queue without a row routes
 * with the defaults (domain/acd/queues.ts); an administrator's change creates the row.
 */
export class Queue extends Model<InferAttributes<Queue>, InferCreationAttributes<Queue>> {
  declare regionCode: string;
  declare category: string;
  declare strategy: CreationOptional<QueueStrategy>;
  declare overflowAfterSeconds: CreationOptional<number | null>;
  /** Round-robin cursor: the position of the seat offered last. */
  declare lastOfferedPosition: CreationOptional<number>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Queue.init(
      {
        regionCode: { type: DataTypes.STRING(6), primaryKey: true },
        category: { type: DataTypes.TEXT, primaryKey: true },
        strategy: { type: DataTypes.TEXT, defaultValue: 'longest_idle' },
        overflowAfterSeconds: DataTypes.INTEGER,
        lastOfferedPosition: { type: DataTypes.INTEGER, defaultValue: -1 },
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'queues', createdAt: false },
    );
  }
}
