/**
 * Registers every model and association on one Sequelize instance.
 */
import type { Sequelize } from 'sequelize';
import { Account } from './account.js';
import { Appointment, Notification, ShiftPattern } from './appointment.js';
import { Attachment } from './attachment.js';
import { AuditLog } from './auditLog.js';
import { AuthSession } from './authSession.js';
import { CatalogSyncRun } from './catalogSyncRun.js';
import { Citizen } from './citizen.js';
import { Conversation } from './conversation.js';
import { Evaluation } from './evaluation.js';
import { Faq } from './faq.js';
import { Matter } from './matter.js';
import { Message } from './message.js';
export type { MessageExtras } from './message.js';
import { Offer } from './offer.js';
import { Queue } from './queue.js';
import { QuickReply } from './quickReply.js';
import { Recording } from './recording.js';
import { CobrowseBatch, CobrowseSession } from './cobrowse.js';
import { Region } from './region.js';
import { Role } from './role.js';
import { Seat, SeatStateChange } from './seat.js';
import { Ticket, TicketEvent } from './ticket.js';

export {
  Account,
  Appointment,
  Attachment,
  AuditLog,
  AuthSession,
  CatalogSyncRun,
  Citizen,
  CobrowseBatch,
  CobrowseSession,
  Conversation,
  Evaluation,
  Faq,
  Matter,
  Message,
  Notification,
  Offer,
  Queue,
  QuickReply,
  Recording,
  Region,
  Role,
  Seat,
  SeatStateChange,
  ShiftPattern,
  Ticket,
  TicketEvent,
};

let initializedFor: Sequelize | null = null;

export function initModels(sequelize: Sequelize): void {
  if (initializedFor === sequelize) return;
  for (const model of [
    Region,
    Role,
    Account,
    Seat,
    SeatStateChange,
    Citizen,
    AuthSession,
    Matter,
    Conversation,
    Message,
    Offer,
    Ticket,
    TicketEvent,
    Evaluation,
    Queue,
    ShiftPattern,
    Appointment,
    Notification,
    Attachment,
    QuickReply,
    Faq,
    AuditLog,
    CatalogSyncRun,
    Recording,
    CobrowseSession,
    CobrowseBatch,
  ]) {
    model.initModel(sequelize);
  }
  Account.belongsTo(Role, { foreignKey: 'roleCode', as: 'role' });
  Account.hasOne(Seat, { foreignKey: 'accountId', as: 'seat' });
  Conversation.belongsTo(Citizen, { foreignKey: 'citizenId', as: 'citizen' });
  Conversation.belongsTo(Seat, { foreignKey: 'seatId', as: 'seat' });
  Conversation.belongsTo(Seat, { foreignKey: 'requestedSeatId', as: 'requestedSeat' });
  Conversation.belongsTo(Matter, { foreignKey: 'matterId', as: 'matter' });
  Conversation.hasOne(Ticket, { foreignKey: 'conversationId', as: 'ticket' });
  Conversation.hasOne(Evaluation, { foreignKey: 'conversationId', as: 'evaluation' });
  Offer.belongsTo(Conversation, { foreignKey: 'conversationId', as: 'conversation' });
  Offer.belongsTo(Seat, { foreignKey: 'transferFromSeatId', as: 'transferFromSeat' });
  Appointment.belongsTo(Matter, { foreignKey: 'matterId', as: 'matter' });
  Message.belongsTo(Attachment, { foreignKey: 'attachmentId', as: 'attachment' });
  initializedFor = sequelize;
}
