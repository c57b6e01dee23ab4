import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { AppointmentStatus, NotificationKind } from '@cloud-seat/contracts';
import type { Matter } from './matter.js';

/** 排班 — a seat's weekly shift: on duty for a region every `weekday` (1 Monday … 7 Sunday), Beijing time. */
export class ShiftPattern extends Model<InferAttributes<ShiftPattern>, InferCreationAttributes<ShiftPattern>> {
  declare id: string;
  declare seatId: string;
  declare regionCode: string;
  declare weekday: number;
  declare startTime: string;
  declare endTime: string;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ShiftPattern.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        seatId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        weekday: DataTypes.SMALLINT,
        startTime: DataTypes.CHAR(5),
        endTime: DataTypes.CHAR(5),
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'shift_patterns', updatedAt: false },
    );
  }
}

/** 在线预约 — a citizen's booked slot with a region's seats. */
export class Appointment extends Model<InferAttributes<Appointment>, InferCreationAttributes<Appointment>> {
  declare id: string;
  declare citizenId: string;
  declare regionCode: string;
  declare matterId: string | null;
  declare slotStart: Date;
  declare slotEnd: Date;
  declare status: AppointmentStatus;
  declare note: string | null;
  declare conversationId: CreationOptional<string | null>;
  declare remindedAt: CreationOptional<Date | null>;
  declare settledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare matter?: NonAttribute<Matter | null>;

  static initModel(sequelize: Sequelize) {
    Appointment.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        citizenId: DataTypes.UUID,
        regionCode: DataTypes.STRING(6),
        matterId: DataTypes.UUID,
        slotStart: DataTypes.DATE,
        slotEnd: DataTypes.DATE,
        status: DataTypes.TEXT,
        note: DataTypes.TEXT,
        conversationId: DataTypes.UUID,
        remindedAt: DataTypes.DATE,
        settledAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'appointments' },
    );
  }
}

/** An in-app notification to a citizen (预约提醒, …). */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: string;
  declare citizenId: string;
  declare kind: NotificationKind;
  declare title: string;
  declare body: string;
  declare appointmentId: string | null;
  declare createdAt: CreationOptional<Date>;
  declare readAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize) {
    Notification.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        citizenId: DataTypes.UUID,
        kind: DataTypes.TEXT,
        title: DataTypes.TEXT,
        body: DataTypes.TEXT,
        appointmentId: DataTypes.UUID,
        createdAt: DataTypes.DATE,
        readAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notifications', updatedAt: false },
    );
  }
}
