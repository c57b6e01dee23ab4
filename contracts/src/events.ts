/**
 * Realtime event names and payloads, one map per link (server → client, client → server).
 * The socket.io server and every client connector are typed from these maps.
 */
import type { CobrowseAnnotation, CobrowseEvent, CobrowseSessionView, CobrowseShareView } from './cobrowse.js';
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
  cobrowseRequest: 'cobrowse.request',
  cobrowseStarted: 'cobrowse.started',
  cobrowseSnapshotWanted: 'cobrowse.snapshot.wanted',
  cobrowseEvents: 'cobrowse.events',
  cobrowseAnnotation: 'cobrowse.annotation',
  cobrowseGuidanceAnswer: 'cobrowse.guidance.answer',
  cobrowsePaused: 'cobrowse.paused',
  cobrowseEnded: 'cobrowse.ended',
  cobrowseShared: 'cobrowse.shared',
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
  /** 同屏协助: to the citizen, the serving seat asks to see the application form. */
  'cobrowse.request': (payload: { conversationId: string }) => void;
  /** To both sides: the citizen consented and sharing began. */
  'cobrowse.started': (payload: { session: CobrowseSessionView }) => void;
  /** To the citizen: the seat (re)joined and needs a full snapshot (`record.takeFullSnapshot(true)`). */
  'cobrowse.snapshot.wanted': (payload: { sessionId: string }) => void;
  /** To the seat: a batch of the citizen page's rrweb events, in `seq` order. */
  'cobrowse.events': (payload: { sessionId: string; seq: number; events: CobrowseEvent[] }) => void;
  /** To the citizen: a mark from the seat (highlight, fill guidance, stroke, note, laser, clear). */
  'cobrowse.annotation': (payload: { sessionId: string; annotation: CobrowseAnnotation }) => void;
  /** To the seat: the citizen's 采用 / 忽略 on fill guidance. */
  'cobrowse.guidance.answer': (payload: { sessionId: string; annotationId: string; accepted: boolean }) => void;
  /** To both sides: the citizen paused or resumed sharing. */
  'cobrowse.paused': (payload: { session: CobrowseSessionView }) => void;
  /** To both sides: either side ended sharing. */
  'cobrowse.ended': (payload: { session: CobrowseSessionView }) => void;
  /** To the citizen: the seat shares its view of a matter's guide, or stops (`share` null). */
  'cobrowse.shared': (payload: { sessionId: string; share: CobrowseShareView | null }) => void;
}

export type ConversationSide = 'citizen' | 'seat';

export interface ClientToServerEvents {
  /** Follow a region's seat cards live (the public region view); one region at a time. */
  'region.watch': (payload: { regionCode: string }) => void;
  'region.unwatch': () => void;
}
