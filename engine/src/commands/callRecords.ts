/**
 * What a finished call leaves on its ticket: one `call_leg` step per leg (CallLegView: times
 * and hang-up cause) and its recording (a `recordings` row and a `recording` step), in one
 * transaction.
 */
import { randomUUID } from 'node:crypto';
import type { CallLegView, CallMedia } from '@cloud-seat/contracts';
import { legDurationSeconds, type CallLeg } from '../domain/calls/callSession.js';
import { Citizen, Recording, Seat, Ticket } from '../models/index.js';
import type { RecordingFileEntry } from '../models/recording.js';
import { inTransaction, type CommandContext } from './context.js';
import { recordTicketEvent, seatActor, SYSTEM_ACTOR, type Actor } from './timeline.js';

export interface FinishedCall {
  conversationId: string;
  media: CallMedia;
  legs: CallLeg[];
  recording: { files: RecordingFileEntry[]; durationSeconds: number | null } | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function recordFinishedCall(ctx: CommandContext, call: FinishedCall): Promise<string | null> {
  return inTransaction(ctx, async () => {
    const ticket = await Ticket.findOne({ where: { conversationId: call.conversationId } });
    for (const leg of call.legs) {
      let actor: Actor = SYSTEM_ACTOR;
      if (leg.role === 'seat') {
        const seat = await Seat.findByPk(leg.partyId, { attributes: ['id', 'name', 'jobNumber'] });
        if (seat) actor = seatActor(seat);
      } else {
        const citizen = await Citizen.findByPk(leg.partyId, { attributes: ['id', 'displayName'] });
        actor = { type: 'citizen', id: leg.partyId, name: citizen?.displayName ?? null };
      }
      const view: CallLegView = {
        role: leg.role,
        partyId: leg.partyId,
        name: actor.name ?? '',
        startedAt: new Date(leg.startedAt).toISOString(),
        answeredAt: iso(leg.answeredAt),
        endedAt: iso(leg.endedAt),
        durationSeconds: legDurationSeconds(leg),
        cause: leg.cause,
      };
      if (ticket) await recordTicketEvent(ticket, 'call_leg', actor, { ...view }, new Date(leg.endedAt ?? Date.now()));
    }
    if (!call.recording) return null;
    const recording = await Recording.create({
      id: randomUUID(),
      conversationId: call.conversationId,
      media: call.media,
      files: call.recording.files,
      durationSeconds: call.recording.durationSeconds,
    });
    if (ticket) {
      await recordTicketEvent(ticket, 'recording', SYSTEM_ACTOR, {
        recordingId: recording.id,
        durationSeconds: recording.durationSeconds,
      });
    }
    return recording.id;
  });
}
