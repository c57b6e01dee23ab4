/**
 * What a finished call leaves on its ticket: one `call_leg` step per leg (CallLegView: times
 * and hang-up cause) at once, and its recording (a `recordings` row and a `recording` step)
 * once the files are complete.
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
  legs: CallLeg[];
}

export interface CallRecording {
  conversationId: string;
  media: CallMedia;
  files: RecordingFileEntry[];
  durationSeconds: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The legs of a call that just ended, as `call_leg` steps. */
export async function recordCallLegs(ctx: CommandContext, call: FinishedCall): Promise<void> {
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
  });
}

/** A call's recording, once its files are complete: a `recordings` row and a `recording` step. */
export async function recordCallRecording(ctx: CommandContext, call: CallRecording): Promise<string> {
  return inTransaction(ctx, async () => {
    const ticket = await Ticket.findOne({ where: { conversationId: call.conversationId } });
    const recording = await Recording.create({
      id: randomUUID(),
      conversationId: call.conversationId,
      media: call.media,
      files: call.files,
      durationSeconds: call.durationSeconds,
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
