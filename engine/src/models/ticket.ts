import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Channel, TicketStatus } from '@cloud-seat/contracts';

/** 工单 — the record of one service, created the moment a contact starts. */
export class Ticket extends Model<InferAttributes<Ticket>, InferCreationAttributes<Ticket>> {
  declare id: string;
  declare number: string;
  declare conversationId: string;
  declare citizenId: string;
  declare regionCode: string;
  declare seatId: CreationOptional<string | null>;
  declare matterId: string | null;
  /** Business category (team) the contact was queued under; kept here for the ticket filters. */
  declare category: CreationOptional<string>;
  /** The citizen's name when the ticket was created, for the free-text search. */
  declare citizenName: CreationOptional<string>;
  declare channel: Channel;
  declare status: TicketStatus;
  declare satisfaction: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare closedAt: CreationOptional<Date | null>;
  /** Escalated to the region's supervisors (工单流转) until handed back or settled. */
  declare escalatedAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize) {
    Ticket.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        number: DataTypes.TEXT,
        conversationId: DataTypes.UUID,
        citizenId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        seatId: DataTypes.UUID,
        matterId: DataTypes.UUID,
        category: DataTypes.TEXT,
        citizenName: DataTypes.TEXT,
        channel: DataTypes.TEXT,
        status: DataTypes.TEXT,
        satisfaction: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
        closedAt: DataTypes.DATE,
        escalatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'tickets' },
    );
  }
}

export type TicketActorType = 'citizen' | 'seat' | 'staff' | 'system';

/** One step on a ticket's timeline: who did what, when. */
export class TicketEvent extends Model<InferAttributes<TicketEvent>, InferCreationAttributes<TicketEvent>> {
  declare id: CreationOptional<number>;
  declare ticketId: string;
  declare type: string;
  declare actorType: TicketActorType;
  declare actorId: string | null;
  declare actorName: string | null;
  declare data: Record<string, unknown>;
  declare at: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    TicketEvent.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        ticketId: DataTypes.UUID,
        type: DataTypes.TEXT,
        actorType: DataTypes.TEXT,
        actorId: DataTypes.UUID,
        actorName: DataTypes.TEXT,
        data: DataTypes.JSONB,
        at: { type: DataTypes.DATE, defaultValue: DataTypes.NOW },
      },
      { sequelize, tableName: 'ticket_events', timestamps: false },
    );
  }
}
