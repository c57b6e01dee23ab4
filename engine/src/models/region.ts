import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** 区域 — 市本级 or one of the nine 旗区. Every seat, queue, matter and ticket belongs to one. */
export class Region extends Model<InferAttributes<Region>, InferCreationAttributes<Region>> {
  declare code: string;
  declare name: string;
  declare level: 'city' | 'district';
  declare sort: number;
  /** Bumped by every catalog change of the region; search indexes rebuild when it moves. */
  declare catalogVersion: CreationOptional<string>;

  static initModel(sequelize: Sequelize) {
    Region.init(
      {
        code: { type: DataTypes.STRING(6), primaryKey: true },
        name: DataTypes.TEXT,
        level: DataTypes.TEXT,
        sort: DataTypes.INTEGER,
        catalogVersion: { type: DataTypes.BIGINT, defaultValue: 0 },
      },
      { sequelize, tableName: 'regions', timestamps: false },
    );
  }
}
