import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { AttachmentKind } from '../domain/conversations/attachmentType.js';

/** 附件 — an image or file sent in a conversation; the bytes live in the blob store under `storageKey`. */
export class Attachment extends Model<InferAttributes<Attachment>, InferCreationAttributes<Attachment>> {
  declare id: string;
  declare conversationId: string;
  declare uploaderType: 'citizen' | 'seat';
  declare uploaderId: string;
  declare kind: AttachmentKind;
  declare mime: string;
  declare name: string;
  declare size: number;
  declare sha256: string;
  declare storageKey: string;
  /** 128-bit random part of the download URL, handed only to those who may read the conversation. */
  declare accessKey: string;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Attachment.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        conversationId: DataTypes.UUID,
        uploaderType: DataTypes.TEXT,
        uploaderId: DataTypes.UUID,
        kind: DataTypes.TEXT,
        mime: DataTypes.TEXT,
        name: DataTypes.TEXT,
        size: DataTypes.INTEGER,
        sha256: DataTypes.CHAR(64),
        storageKey: DataTypes.TEXT,
        accessKey: DataTypes.CHAR(32),
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'attachments', updatedAt: false },
    );
  }
}
