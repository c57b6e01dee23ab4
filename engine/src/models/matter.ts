import type { Material, MatterTypeCode, ProcessStep, ServiceObject, ThemeCode } from '@cloud-seat/contracts';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * 政务服务事项 — a government service matter as implemented in one region: the national matter
 * elements (GB/T 39046 family). `code` is the 实施编码 (unique per region), `basicCode` the
 * 基本编码 shared by every region's implementation. A withdrawn matter (`withdrawnAt`) is hidden
 * from citizens and kept for old tickets.
 */
export class Matter extends Model<InferAttributes<Matter>, InferCreationAttributes<Matter>> {
  declare id: string;
  declare regionCode: string;
  declare code: string;
  declare basicCode: CreationOptional<string>;
  declare name: string;
  declare category: string;
  declare summary: CreationOptional<string>;
  declare type: CreationOptional<MatterTypeCode>;
  declare implementingBody: CreationOptional<string>;
  declare serviceObjects: CreationOptional<ServiceObject[]>;
  declare themes: CreationOptional<ThemeCode[]>;
  declare aliases: CreationOptional<string[]>;
  declare conditions: CreationOptional<string>;
  declare steps: CreationOptional<ProcessStep[]>;
  declare materials: CreationOptional<Material[]>;
  declare address: CreationOptional<string>;
  declare hours: CreationOptional<string>;
  declare phone: CreationOptional<string>;
  declare complaintPhone: CreationOptional<string>;
  declare legalLimitDays: CreationOptional<number | null>;
  declare promisedLimitDays: CreationOptional<number | null>;
  declare charged: CreationOptional<boolean>;
  declare feeDetail: CreationOptional<string>;
  declare legalBasis: CreationOptional<string>;
  declare onlineUrl: CreationOptional<string>;
  declare visits: CreationOptional<number>;
  /** Hash of the normalised source content: sync tells changed from unchanged by it. */
  declare contentHash: CreationOptional<string>;
  declare sourceUpdatedAt: CreationOptional<Date | null>;
  declare withdrawnAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Matter.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        regionCode: DataTypes.STRING(6),
        code: DataTypes.TEXT,
        basicCode: { type: DataTypes.TEXT, defaultValue: '' },
        name: DataTypes.TEXT,
        category: DataTypes.TEXT,
        summary: { type: DataTypes.TEXT, defaultValue: '' },
        type: { type: DataTypes.STRING(2), defaultValue: '20' },
        implementingBody: { type: DataTypes.TEXT, defaultValue: '' },
        serviceObjects: { type: DataTypes.ARRAY(DataTypes.TEXT), defaultValue: ['person'] },
        themes: { type: DataTypes.ARRAY(DataTypes.TEXT), defaultValue: [] },
        aliases: { type: DataTypes.ARRAY(DataTypes.TEXT), defaultValue: [] },
        conditions: { type: DataTypes.TEXT, defaultValue: '' },
        steps: { type: DataTypes.JSONB, defaultValue: [] },
        materials: { type: DataTypes.JSONB, defaultValue: [] },
        address: { type: DataTypes.TEXT, defaultValue: '' },
        hours: { type: DataTypes.TEXT, defaultValue: '' },
        phone: { type: DataTypes.TEXT, defaultValue: '' },
        complaintPhone: { type: DataTypes.TEXT, defaultValue: '' },
        legalLimitDays: DataTypes.INTEGER,
        promisedLimitDays: DataTypes.INTEGER,
        charged: { type: DataTypes.BOOLEAN, defaultValue: false },
        feeDetail: { type: DataTypes.TEXT, defaultValue: '' },
        legalBasis: { type: DataTypes.TEXT, defaultValue: '' },
        onlineUrl: { type: DataTypes.TEXT, defaultValue: '' },
        visits: { type: DataTypes.INTEGER, defaultValue: 1 },
        contentHash: { type: DataTypes.TEXT, defaultValue: '' },
        sourceUpdatedAt: DataTypes.DATE,
        withdrawnAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'matters' },
    );
  }
}
