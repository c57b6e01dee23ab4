import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** 政务服务事项 — a government service matter as implemented in one region. */
export class Matter extends Model<InferAttributes<Matter>, InferCreationAttributes<Matter>> {
  declare id: string;
  declare regionCode: string;
  declare code: string;
  declare name: string;
  declare category: string;
  declare summary: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Matter.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        regionCode: DataTypes.STRING(6),
        code: DataTypes.TEXT,
        name: DataTypes.TEXT,
        category: DataTypes.TEXT,
        summary: { type: DataTypes.TEXT, defaultValue: '' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'matters' },
    );
  }
}
