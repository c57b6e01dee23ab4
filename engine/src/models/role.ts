import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { DataScope } from '@cloud-seat/contracts';

/** 角色 — a named set of permissions and a visible data scope; accounts are bound to one. */
export class Role extends Model<InferAttributes<Role>, InferCreationAttributes<Role>> {
  declare code: string;
  declare name: string;
  declare permissions: string[];
  declare dataScope: DataScope;

  static initModel(sequelize: Sequelize) {
    Role.init(
      {
        code: { type: DataTypes.TEXT, primaryKey: true },
        name: DataTypes.TEXT,
        permissions: DataTypes.JSONB,
        dataScope: DataTypes.TEXT,
      },
      { sequelize, tableName: 'roles', timestamps: false },
    );
  }
}
