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

/** 分配 — a contact offered to one seat, waiting for accept/decline until it expires. */
export class Offer extends Model<InferAttributes<Offer>, InferCreationAttributes<Offer>> {
  declare id: string;
  declare conversationId: string;
  declare seatId: string;
  declare status: OfferStatus;
  declare offeredAt: Date;
  declare expiresAt: Date;
  declare respondedAt: CreationOptional<Date | null>;
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
      },
      { sequelize, tableName: 'offers', timestamps: false },
    );
  }
}
