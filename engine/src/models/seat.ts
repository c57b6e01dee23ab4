import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PauseReason, SeatState } from '@cloud-seat/contracts';
import type { Availability } from '../domain/acd/seatState.js';

/** 坐席 — a cloud seat: the service profile of a staff account that serves citizens. */
export class Seat extends Model<InferAttributes<Seat>, InferCreationAttributes<Seat>> {
  declare id: string;
  declare accountId: string;
  declare regionCode: string;
  declare jobNumber: string;
  declare name: string;
  declare photoUrl: string | null;
  declare category: string;
  declare skills: string[];
  declare availability: CreationOptional<Availability>;
  declare state: CreationOptional<SeatState>;
  declare pauseReason: CreationOptional<PauseReason | null>;
  declare pauseEndsAt: CreationOptional<Date | null>;
  declare stateSince: CreationOptional<Date>;
  declare activeChats: CreationOptional<number>;
  declare chatCapacity: CreationOptional<number>;
  /** Order in the region for top-down and round-robin routing. */
  declare position: CreationOptional<number>;
  /** Last sign of a live workbench (socket heartbeat); a seat silent past the grace goes offline. */
  declare lastSeenAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Seat.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        accountId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        jobNumber: DataTypes.TEXT,
        name: DataTypes.TEXT,
        photoUrl: DataTypes.TEXT,
        category: DataTypes.TEXT,
        skills: DataTypes.JSONB,
        availability: { type: DataTypes.TEXT, defaultValue: 'offline' },
        state: { type: DataTypes.TEXT, defaultValue: 'offline' },
        pauseReason: DataTypes.TEXT,
        pauseEndsAt: DataTypes.DATE,
        stateSince: { type: DataTypes.DATE, defaultValue: DataTypes.NOW },
        activeChats: { type: DataTypes.INTEGER, defaultValue: 0 },
        chatCapacity: { type: DataTypes.INTEGER, defaultValue: 3 },
        position: DataTypes.INTEGER,
        lastSeenAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'seats' },
    );
  }
}

/** One recorded change of a seat's visible state (for monitoring: working time, efficiency). */
export class SeatStateChange extends Model<InferAttributes<SeatStateChange>, InferCreationAttributes<SeatStateChange>> {
  declare id: CreationOptional<number>;
  declare seatId: string;
  declare fromState: SeatState;
  declare toState: SeatState;
  declare reason: string | null;
  declare at: Date;

  static initModel(sequelize: Sequelize) {
    SeatStateChange.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        seatId: DataTypes.UUID,
        fromState: DataTypes.TEXT,
        toState: DataTypes.TEXT,
        reason: DataTypes.TEXT,
        at: DataTypes.DATE,
      },
      { sequelize, tableName: 'seat_state_changes', timestamps: false },
    );
  }
}
