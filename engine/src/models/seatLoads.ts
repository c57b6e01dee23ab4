/**
 * What seats carry now, per capacity class (domain/acd/router.ts): contacts they serve and
 * offers ringing, all of them against the chat capacity, those with a call (audio/video
 * contacts, and chats with a call up on the switch) also against the call capacity — a seat's
 * softphone holds one call at a time.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { CallSignals } from '../commands/context.js';
import type { CapacityClass } from '../domain/acd/router.js';

/** A seat takes one call at a time (its softphone holds one); chats have per-seat capacities. */
export const SEAT_CALL_CAPACITY = 1;

export interface SeatLoad {
  active: Record<CapacityClass, number>;
  pending: Record<CapacityClass, number>;
}

const isCall = (channel: string, conversationId: string, calls: CallSignals | null | undefined) =>
  channel !== 'chat' || (calls?.hasCall(conversationId) ?? false);

/** Loads of the given seats; `activeChats` is the seats' own counter of contacts served. */
export async function seatLoads(
  sequelize: Sequelize,
  seats: readonly { id: string; activeChats: number }[],
  calls: CallSignals | null | undefined,
): Promise<Map<string, SeatLoad>> {
  const loads = new Map<string, SeatLoad>(
    seats.map((s) => [s.id, { active: { chat: s.activeChats, call: 0 }, pending: { chat: 0, call: 0 } }]),
  );
  if (seats.length === 0) return loads;
  const seatIds = seats.map((s) => s.id);
  const pending = await sequelize.query<{ seat_id: string; conversation_id: string; channel: string }>(
    `SELECT o.seat_id, o.conversation_id, c.channel FROM offers o JOIN conversations c ON c.id = o.conversation_id
      WHERE o.status = 'pending' AND o.seat_id IN (:seatIds)`,
    { type: QueryTypes.SELECT, replacements: { seatIds } },
  );
  for (const row of pending) {
    const load = loads.get(row.seat_id)!;
    load.pending.chat += 1;
    if (isCall(row.channel, row.conversation_id, calls)) load.pending.call += 1;
  }
  const serving = await sequelize.query<{ seat_id: string; id: string; channel: string }>(
    `SELECT seat_id, id, channel FROM conversations WHERE status = 'active' AND seat_id IN (:seatIds)`,
    { type: QueryTypes.SELECT, replacements: { seatIds } },
  );
  for (const row of serving) {
    if (isCall(row.channel, row.id, calls)) loads.get(row.seat_id)!.active.call += 1;
  }
  // a softphone ringing for a transfer or talking on this switch, whatever the rows say
  for (const seatId of calls?.seatsOnCall() ?? []) {
    const load = loads.get(seatId);
    if (load && load.active.call + load.pending.call === 0) load.active.call = 1;
  }
  return loads;
}
