import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';
import type { MessageChoice, MessageMatterLink, MessageSenderType } from '@cloud-seat/contracts';
import type { Attachment } from './attachment.js';

/** An assistant message's guide card and buttons (messages.extras). */
export interface MessageExtras {
  matter?: MessageMatterLink;
  choices?: MessageChoice[];
}

/** 消息 — one message of a conversation, numbered by a per-conversation sequence. */
export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: string;
  declare conversationId: string;
  declare seq: number;
  declare senderType: MessageSenderType;
  declare senderId: string | null;
  declare senderName: string;
  declare body: string;
  declare clientId: string | null;
  declare kind: CreationOptional<'text' | 'image' | 'file'>;
  declare attachmentId: CreationOptional<string | null>;
  declare attachment?: NonAttribute<Attachment | null>;
  declare extras: CreationOptional<MessageExtras | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Message.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true },
        conversationId: DataTypes.UUID,
        seq: DataTypes.INTEGER,
        senderType: DataTypes.TEXT,
        senderId: DataTypes.UUID,
        senderName: DataTypes.TEXT,
        body: DataTypes.TEXT,
        clientId: DataTypes.UUID,
        kind: { type: DataTypes.TEXT, defaultValue: 'text' },
        attachmentId: DataTypes.UUID,
        extras: DataTypes.JSONB,
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'messages', updatedAt: false },
    );
  }
}
