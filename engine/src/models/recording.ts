import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { CallMedia } from '@cloud-seat/contracts';

/** One file of a recording: a leg's own media (WebM) or the mixed audio of all legs. */
export interface RecordingFileEntry {
  kind: 'mixed' | 'leg';
  role: 'citizen' | 'seat' | null;
  /** Relative to RECORDINGS_DIR. */
  path: string;
  /** A leg's start after the call's first recorded leg (a seat joining after a transfer), ms. */
  offsetMs?: number;
}

/** 通话录音 — a call's recording, files under RECORDINGS_DIR/<conversation id>/. */
export class Recording extends Model<InferAttributes<Recording>, InferCreationAttributes<Recording>> {
  declare id: string;
  declare conversationId: string;
  declare media: CallMedia;
  declare files: RecordingFileEntry[];
  declare durationSeconds: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Recording.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        conversationId: DataTypes.UUID,
        media: DataTypes.TEXT,
        files: DataTypes.JSONB,
        durationSeconds: DataTypes.REAL,
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'recordings', updatedAt: false },
    );
  }
}
