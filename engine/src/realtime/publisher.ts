/**
 * How commands tell connected clients what changed. Rooms are per principal: `seat:<id>` and
 * `citizen:<id>`; clients never join rooms themselves.
 */
import type { ServerToClientEvents } from '@cloud-seat/contracts';
import type { Server } from 'socket.io';

export type ServerEvent = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface RealtimePublisher {
  toSeat<E extends ServerEvent>(seatId: string, event: E, payload: ServerEventPayload<E>): void;
  toCitizen<E extends ServerEvent>(citizenId: string, event: E, payload: ServerEventPayload<E>): void;
}

export const rooms = {
  seat: (id: string) => `seat:${id}`,
  citizen: (id: string) => `citizen:${id}`,
};

export class SocketIoPublisher implements RealtimePublisher {
  constructor(private readonly io: Server<Record<string, never>, ServerToClientEvents>) {}

  toSeat<E extends ServerEvent>(seatId: string, event: E, payload: ServerEventPayload<E>): void {
    this.emit(rooms.seat(seatId), event, payload);
  }

  toCitizen<E extends ServerEvent>(citizenId: string, event: E, payload: ServerEventPayload<E>): void {
    this.emit(rooms.citizen(citizenId), event, payload);
  }

  private emit<E extends ServerEvent>(room: string, event: E, payload: ServerEventPayload<E>): void {
    // socket.io's typed emit wants the exact tuple of the event's parameters.
    (this.io.to(room).emit as (ev: string, p: unknown) => boolean)(event, payload);
  }
}

/** Sends an event to both sides of a conversation: its citizen and, once assigned, its seat. */
export function toParticipants<E extends ServerEvent>(
  publisher: RealtimePublisher,
  conversation: { citizen: { id: string }; seat: { id: string } | null },
  event: E,
  payload: ServerEventPayload<E>,
): void {
  publisher.toCitizen(conversation.citizen.id, event, payload);
  if (conversation.seat) publisher.toSeat(conversation.seat.id, event, payload);
}
