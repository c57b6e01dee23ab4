import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** 常见问题 — a preset question of a region (optionally of one matter or category) and its answer. */
export class Faq extends Model<InferAttributes<Faq>, InferCreationAttributes<Faq>> {
  declare id: string;
  declare regionCode: string;
  declare matterId: string | null;
  declare category: string | null;
  declare question: string;
  declare answer: string;
  declare sort: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Faq.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        regionCode: DataTypes.STRING(6),
        matterId: DataTypes.UUID,
        category: DataTypes.TEXT,
        question: DataTypes.TEXT,
        answer: DataTypes.TEXT,
        sort: { type: DataTypes.INTEGER, defaultValue: 100 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'faqs' },
    );
  }
}
