/**
 * Realtime event names and payloads, one map per link (server → client, client → server).
 * The socket.io server and every client connector are typed from these maps.
 */
import type { ConversationView, MessageView, OfferView, QueueStanding, SeatView } from './http.js';

export const SERVER_EVENTS = {
  seatState: 'seat.state',
  offerNew: 'offer.new',
  offerClosed: 'offer.closed',
  conversationUpdated: 'conversation.updated',
  messageNew: 'message.new',
  queuePosition: 'queue.position',
} as const;

export const CLIENT_EVENTS = {
  typing: 'conversation.typing',
} as const;

export type OfferClosedReason = 'accepted' | 'declined' | 'expired' | 'revoked';

export interface ServerToClientEvents {
  'seat.state': (payload: { seat: SeatView }) => void;
  'offer.new': (payload: { offer: OfferView }) => void;
  'offer.closed': (payload: { offerId: string; reason: OfferClosedReason }) => void;
  'conversation.updated': (payload: { conversation: ConversationView }) => void;
  'message.new': (payload: { message: MessageView }) => void;
  'queue.position': (payload: { conversationId: string; queue: QueueStanding }) => void;
}

export interface ClientToServerEvents {
  'conversation.typing': (payload: { conversationId: string }) => void;
}
