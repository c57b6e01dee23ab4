/**
 * The one place that touches socket.io: server events → store actions. Components never see a
 * socket. On every (re)connect it re-reads state over HTTP (seat, offers, conversations and the
 * messages after the last seq held), so nothing pushed while disconnected is lost.
 */
import { lastSeqOf, type ServerToClientEvents } from '@cloud-seat/contracts';
import { io } from 'socket.io-client';
import { useCobrowseStore } from '@/stores/cobrowse';
import { useConversationsStore } from '@/stores/conversations';
import { useOffersStore } from '@/stores/offers';
import { useSeatStore } from '@/stores/seat';

/** What the connector needs of a socket; socket.io-client's Socket fits, tests pass a fake. */
export interface RealtimeSocket {
  on(event: 'connect' | 'disconnect', handler: () => void): unknown;
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): unknown;
  disconnect(): unknown;
}

export type SocketFactory = () => RealtimeSocket;

export const defaultSocketFactory: SocketFactory = () =>
  io({ path: '/socket.io', withCredentials: true }) as unknown as RealtimeSocket;

export interface RealtimeConnection {
  readonly connected: boolean;
  close(): void;
}

export function connectRealtime(
  factory: SocketFactory = defaultSocketFactory,
  onError: (e: unknown) => void = console.error,
  onNotice: (text: string) => void = () => undefined,
): RealtimeConnection {
  const seat = useSeatStore();
  const offers = useOffersStore();
  const conversations = useConversationsStore();
  const cobrowse = useCobrowseStore();
  const socket = factory();
  let connected = false;

  socket.on('connect', () => {
    connected = true;
    Promise.all([seat.refresh(), offers.refresh(), conversations.refresh()]).catch(onError);
  });
  socket.on('disconnect', () => {
    connected = false;
  });
  socket.on('seat.state', ({ seat: view }) => seat.apply(view));
  socket.on('offer.new', ({ offer }) => offers.add(offer));
  socket.on('offer.closed', ({ offerId }) => offers.remove(offerId));
  socket.on('conversation.updated', ({ conversation }) => {
    // Only conversations this seat serves; a revoked offer's contact is not ours.
    if (conversation.seat && conversation.seat.id === seat.seat?.id) conversations.upsert(conversation);
  });
  socket.on('conversation.read', ({ conversationId, by, seq }) => conversations.applyRead(conversationId, by, seq));
  socket.on('conversation.typing', ({ conversationId, by }) => {
    if (by === 'citizen') conversations.applyTyping(conversationId);
  });
  socket.on('transfer.result', (result) => onNotice(conversations.applyTransferResult(result)));
  socket.on('cobrowse.started', ({ session }) => cobrowse.applySession(session));
  socket.on('cobrowse.paused', ({ session }) => cobrowse.applySession(session));
  socket.on('cobrowse.ended', ({ session }) => cobrowse.applySession(session));
  socket.on('cobrowse.events', ({ sessionId, events }) => cobrowse.applyEvents(sessionId, events));
  socket.on('cobrowse.guidance.answer', ({ sessionId, annotationId, accepted }) =>
    cobrowse.applyAnswer(sessionId, annotationId, accepted),
  );
  socket.on('message.new', ({ message }) => {
    if (!conversations.byId[message.conversationId]) return;
    const last = lastSeqOf(conversations.messages[message.conversationId] ?? []);
    // A gap means something was missed: fetch everything after what is held (this one included).
    if (message.seq > last + 1) conversations.catchUp(message.conversationId).catch(onError);
    else conversations.applyMessages(message.conversationId, [message]);
  });

  return {
    get connected() {
      return connected;
    },
    close: () => socket.disconnect(),
  };
}
