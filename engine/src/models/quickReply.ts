import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { QuickReplyScope } from '@cloud-seat/contracts';

/** 快捷回复 — a seat's own phrase (scope personal) or a team phrase of one region and business category. */
export class QuickReply extends Model<InferAttributes<QuickReply>, InferCreationAttributes<QuickReply>> {
  declare id: string;
  declare scope: QuickReplyScope;
  declare seatId: string | null;
  declare regionCode: string | null;
  declare category: string | null;
  declare shortcut: string;
  declare title: string;
  /** The text with its variables (`{市民姓名}`). */
  declare body: string;
  declare createdBy: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    QuickReply.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        scope: DataTypes.TEXT,
        seatId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        category: DataTypes.TEXT,
        shortcut: DataTypes.TEXT,
        title: DataTypes.TEXT,
        body: DataTypes.TEXT,
        createdBy: DataTypes.UUID,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'quick_replies' },
    );
  }
}
