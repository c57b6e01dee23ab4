import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { SatisfactionLabel } from '@cloud-seat/contracts';

/** 服务评价 — the citizen's rating of one ended conversation. */
export class Evaluation extends Model<InferAttributes<Evaluation>, InferCreationAttributes<Evaluation>> {
  declare conversationId: string;
  declare citizenId: string;
  declare seatId: string | null;
  declare rating: number;
  declare label: SatisfactionLabel | null;
  declare comment: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Evaluation.init(
      {
        conversationId: { type: DataTypes.UUID, primaryKey: true },
        citizenId: DataTypes.UUID,
        seatId: DataTypes.UUID,
        rating: DataTypes.INTEGER,
        label: DataTypes.TEXT,
        comment: DataTypes.TEXT,
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'evaluations', updatedAt: false },
    );
  }
}
