import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { IdentityType } from '@cloud-seat/contracts';

/** 办事群众 — a citizen or legal person. For now a guest identity; SSO comes later. */
export class Citizen extends Model<InferAttributes<Citizen>, InferCreationAttributes<Citizen>> {
  declare id: string;
  declare kind: CreationOptional<'guest'>;
  declare displayName: string;
  declare identityType: IdentityType;
  declare elderMode: CreationOptional<boolean>;
  /** Set by WeChat sign-in; reminders go out as subscribe messages only when known. */
  declare wechatOpenid: CreationOptional<string | null>;
  /** Personal data: leaves the server only masked, except through an audited reveal. */
  declare phone: CreationOptional<string | null>;
  declare idNumber: CreationOptional<string | null>;
  /** 法人: the enterprise and its 统一社会信用代码. */
  declare enterpriseName: CreationOptional<string | null>;
  declare creditCode: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Citizen.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        kind: { type: DataTypes.TEXT, defaultValue: 'guest' },
        displayName: DataTypes.TEXT,
        identityType: DataTypes.TEXT,
        elderMode: { type: DataTypes.BOOLEAN, defaultValue: false },
        wechatOpenid: DataTypes.TEXT,
        phone: DataTypes.TEXT,
        idNumber: DataTypes.TEXT,
        enterpriseName: DataTypes.TEXT,
        creditCode: DataTypes.TEXT,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'citizens' },
    );
  }
}
