import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { Channel, ContactStatus } from '@cloud-seat/contracts';
import type { Citizen } from './citizen.js';
import type { Evaluation } from './evaluation.js';
import type { Matter } from './matter.js';
import type { Seat } from './seat.js';
import type { Ticket } from './ticket.js';

/** 会话 — one contact of a citizen with the service (chat now; calls later), queued, offered, served, ended. */
export class Conversation extends Model<InferAttributes<Conversation>, InferCreationAttributes<Conversation>> {
  declare id: string;
  declare citizenId: string;
  declare regionCode: string;
  declare matterId: string | null;
  declare channel: Channel;
  declare status: ContactStatus;
  declare seatId: CreationOptional<string | null>;
  declare requestedSeatId: string | null;
  declare priority: CreationOptional<number>;
  declare queuedAt: Date;
  declare acceptedAt: CreationOptional<Date | null>;
  declare endedAt: CreationOptional<Date | null>;
  declare endedBy: CreationOptional<string | null>;
  declare lastSeq: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare citizen?: NonAttribute<Citizen>;
  declare seat?: NonAttribute<Seat | null>;
  declare matter?: NonAttribute<Matter | null>;
  declare ticket?: NonAttribute<Ticket>;
  declare evaluation?: NonAttribute<Evaluation | null>;

  static initModel(sequelize: Sequelize) {
    Conversation.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        citizenId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        matterId: DataTypes.UUID,
        channel: DataTypes.TEXT,
        status: DataTypes.TEXT,
        seatId: DataTypes.UUID,
        requestedSeatId: DataTypes.UUID,
        priority: { type: DataTypes.INTEGER, defaultValue: 0 },
        queuedAt: DataTypes.DATE,
        acceptedAt: DataTypes.DATE,
        endedAt: DataTypes.DATE,
        endedBy: DataTypes.TEXT,
        lastSeq: { type: DataTypes.INTEGER, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'conversations' },
    );
  }
}
