import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type PrincipalType = 'staff' | 'citizen';

/** A login session. Only the SHA-256 of the token is stored; the token itself lives in the client. */
export class AuthSession extends Model<InferAttributes<AuthSession>, InferCreationAttributes<AuthSession>> {
  declare tokenHash: string;
  declare principalType: PrincipalType;
  declare principalId: string;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare userAgent: string | null;

  static initModel(sequelize: Sequelize) {
    AuthSession.init(
      {
        tokenHash: { type: DataTypes.CHAR(64), primaryKey: true },
        principalType: DataTypes.TEXT,
        principalId: DataTypes.UUID,
        expiresAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        userAgent: DataTypes.TEXT,
      },
      { sequelize, tableName: 'auth_sessions', updatedAt: false },
    );
  }
}
