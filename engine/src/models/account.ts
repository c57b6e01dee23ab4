import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { Role } from './role.js';
import type { Seat } from './seat.js';

/** 账号 — a staff login (seat, supervisor or admin). */
export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: string;
  declare username: string;
  declare passwordHash: string;
  declare displayName: string;
  declare roleCode: string;
  declare regionCode: string;
  declare disabled: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare role?: NonAttribute<Role>;
  declare seat?: NonAttribute<Seat | null>;

  static initModel(sequelize: Sequelize) {
    Account.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        username: DataTypes.TEXT,
        passwordHash: DataTypes.TEXT,
        displayName: DataTypes.TEXT,
        roleCode: DataTypes.TEXT,
        regionCode: DataTypes.STRING(6),
        disabled: { type: DataTypes.BOOLEAN, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'accounts' },
    );
  }
}
