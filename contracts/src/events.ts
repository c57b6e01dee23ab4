/**
 * Realtime event names and payloads, one map per link (server → client, client → server).
 * The socket.io server and every client connector are typed from these maps.
 */
import type {
  AppointmentView,
  ConversationView,
  MessageView,
  NotificationView,
  OfferView,
  QueueStanding,
  SeatView,
} from './http.js';

export const SERVER_EVENTS = {
  seatState: 'seat.state',
  offerNew: 'offer.new',
  offerClosed: 'offer.closed',
  conversationUpdated: 'conversation.updated',
  messageNew: 'message.new',
  queuePosition: 'queue.position',
  regionSeat: 'region.seat',
  notificationNew: 'notification.new',
  appointmentUpdated: 'appointment.updated',
  transferResult: 'transfer.result',
  conversationRead: 'conversation.read',
  conversationTyping: 'conversation.typing',
} as const;

export const CLIENT_EVENTS = {
  regionWatch: 'region.watch',
  regionUnwatch: 'region.unwatch',
} as const;

export type OfferClosedReason = 'accepted' | 'declined' | 'expired' | 'revoked';

export interface ServerToClientEvents {
  'seat.state': (payload: { seat: SeatView }) => void;
  'offer.new': (payload: { offer: OfferView }) => void;
  'offer.closed': (payload: { offerId: string; reason: OfferClosedReason }) => void;
  'conversation.updated': (payload: { conversation: ConversationView }) => void;
  'message.new': (payload: { message: MessageView }) => void;
  'queue.position': (payload: { conversationId: string; queue: QueueStanding }) => void;
  /** A seat of a watched region changed state (public seat cards, live). */
  'region.seat': (payload: { seat: SeatView }) => void;
  'notification.new': (payload: { notification: NotificationView }) => void;
  'appointment.updated': (payload: { appointment: AppointmentView }) => void;
  /** To the seat that asked for a transfer: the receiver's answer. */
  'transfer.result': (payload: {
    conversationId: string;
    offerId: string;
    result: 'accepted' | 'declined' | 'expired';
    toSeat: { id: string; name: string; jobNumber: string };
  }) => void;
  /** One side has read the conversation up to `seq` (read receipts). */
  'conversation.read': (payload: { conversationId: string; by: ConversationSide; seq: number }) => void;
  /** The other side is typing (sent to the other side only; show for a few seconds). */
  'conversation.typing': (payload: { conversationId: string; by: ConversationSide }) => void;
}

export type ConversationSide = 'citizen' | 'seat';

export interface ClientToServerEvents {
  /** Follow a region's seat cards live (the public region view); one region at a time. */
  'region.watch': (payload: { regionCode: string }) => void;
  'region.unwatch': () => void;
}
