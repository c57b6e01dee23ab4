/**
 * How commands tell connected clients what changed. Rooms are per principal: `seat:<id>` and
 * `citizen:<id>`, joined by the gateway on connection; and `region:<code>` for the public seat
 * cards, which a client joins by watching one region at a time.
 */
import type { SeatView, ServerToClientEvents } from '@cloud-seat/contracts';
import type { Server } from 'socket.io';

export type ServerEvent = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface RealtimePublisher {
  toSeat<E extends ServerEvent>(seatId: string, event: E, payload: ServerEventPayload<E>): void;
  toCitizen<E extends ServerEvent>(citizenId: string, event: E, payload: ServerEventPayload<E>): void;
  toRegion<E extends ServerEvent>(regionCode: string, event: E, payload: ServerEventPayload<E>): void;
}

export const rooms = {
  seat: (id: string) => `seat:${id}`,
  citizen: (id: string) => `citizen:${id}`,
  region: (code: string) => `region:${code}`,
};

export class SocketIoPublisher implements RealtimePublisher {
  constructor(private readonly io: Server<Record<string, never>, ServerToClientEvents>) {}

  toSeat<E extends ServerEvent>(seatId: string, event: E, payload: ServerEventPayload<E>): void {
    this.emit(rooms.seat(seatId), event, payload);
  }

  toCitizen<E extends ServerEvent>(citizenId: string, event: E, payload: ServerEventPayload<E>): void {
    this.emit(rooms.citizen(citizenId), event, payload);
  }

  toRegion<E extends ServerEvent>(regionCode: string, event: E, payload: ServerEventPayload<E>): void {
    this.emit(rooms.region(regionCode), event, payload);
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

/** A seat's state changed: its own workbench and everyone watching its region's seat cards. */
export function publishSeatState(publisher: RealtimePublisher, seat: SeatView): void {
  publisher.toSeat(seat.id, 'seat.state', { seat });
  publisher.toRegion(seat.regionCode, 'region.seat', { seat });
}
