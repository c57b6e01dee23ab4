import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { OfferStatus } from '@cloud-seat/contracts';
import type { Conversation } from './conversation.js';
import type { Seat } from './seat.js';

/** 分配 — a contact offered to one seat, waiting for accept/decline until it expires. */
export class Offer extends Model<InferAttributes<Offer>, InferCreationAttributes<Offer>> {
  declare id: string;
  declare conversationId: string;
  declare seatId: string;
  declare status: OfferStatus;
  declare offeredAt: Date;
  declare expiresAt: Date;
  declare respondedAt: CreationOptional<Date | null>;
  /** Set when the offer is a transfer (工单流转) from the seat serving the contact. */
  declare transferFromSeatId: CreationOptional<string | null>;
  declare note: CreationOptional<string | null>;
  declare transferFromSeat?: NonAttribute<Seat | null>;
  declare conversation?: NonAttribute<Conversation>;

  static initModel(sequelize: Sequelize) {
    Offer.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        conversationId: DataTypes.UUID,
        seatId: DataTypes.UUID,
        status: DataTypes.TEXT,
        offeredAt: DataTypes.DATE,
        expiresAt: DataTypes.DATE,
        respondedAt: DataTypes.DATE,
        transferFromSeatId: DataTypes.UUID,
        note: DataTypes.TEXT,
      },
      { sequelize, tableName: 'offers', timestamps: false },
    );
  }
}
