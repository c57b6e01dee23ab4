import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { Channel, ContactStatus, MatterSource } from '@cloud-seat/contracts';
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
  /** How it came to concern its matter: carried from the guide, detected from the citizen's words, pushed by the seat. */
  declare matterSource: CreationOptional<MatterSource | null>;
  declare channel: Channel;
  declare status: ContactStatus;
  declare seatId: CreationOptional<string | null>;
  declare requestedSeatId: string | null;
  /** Business category of the queue (the matter's, the chosen seat's team, or 综合咨询). */
  declare category: string;
  declare queuedAt: Date;
  /** Queue order: queued_at minus the priority bonus (domain/acd/priority.ts rankTime); lower first. */
  declare rankAt: Date;
  /** Where and from when the contact may overflow (旗区 → 市本级); null: never. */
  declare overflowRegionCode: CreationOptional<string | null>;
  declare overflowAt: CreationOptional<Date | null>;
  /** While waiting for a chosen seat: since when (reset when the citizen keeps waiting). */
  declare requestedWaitSince: CreationOptional<Date | null>;
  /** Set when the chosen seat did not answer in time and the citizen is asked what to do. */
  declare waitChoiceSince: CreationOptional<Date | null>;
  declare appointmentId: CreationOptional<string | null>;
  declare acceptedAt: CreationOptional<Date | null>;
  declare endedAt: CreationOptional<Date | null>;
  declare endedBy: CreationOptional<string | null>;
  declare lastSeq: CreationOptional<number>;
  /** While the assistant serves (status `assistant`): its dialogue state (adapters/assistant). */
  declare assistantState: CreationOptional<Record<string, unknown> | null>;
  /** Read receipts: the highest seq the citizen / the serving seat has read. */
  declare citizenReadSeq: CreationOptional<number>;
  declare seatReadSeq: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare citizen?: NonAttribute<Citizen>;
  declare seat?: NonAttribute<Seat | null>;
  declare requestedSeat?: NonAttribute<Seat | null>;
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
        matterSource: DataTypes.TEXT,
        channel: DataTypes.TEXT,
        status: DataTypes.TEXT,
        seatId: DataTypes.UUID,
        requestedSeatId: DataTypes.UUID,
        category: DataTypes.TEXT,
        queuedAt: DataTypes.DATE,
        rankAt: DataTypes.DATE,
        overflowRegionCode: DataTypes.STRING(6),
        overflowAt: DataTypes.DATE,
        requestedWaitSince: DataTypes.DATE,
        waitChoiceSince: DataTypes.DATE,
        appointmentId: DataTypes.UUID,
        acceptedAt: DataTypes.DATE,
        endedAt: DataTypes.DATE,
        endedBy: DataTypes.TEXT,
        lastSeq: { type: DataTypes.INTEGER, defaultValue: 0 },
        assistantState: DataTypes.JSONB,
        citizenReadSeq: { type: DataTypes.INTEGER, defaultValue: 0 },
        seatReadSeq: { type: DataTypes.INTEGER, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'conversations' },
    );
  }
}
