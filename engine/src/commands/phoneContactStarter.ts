/**
 * 电话热线: a phone caller who walked the voice IVR (语音导航) to a queue becomes a contact like
 * any other — a Citizen found by the caller's number (or created for it), a conversation on the
 * `phone` channel in the region and category the IVR chose, a ticket, queued through the same
 * placement as the workbench's contacts. The ticket records the IVR path (`ivr_path`).
 * Routing is the caller's to start (dispatchRegion) once the call is tracked, so the offer's
 * signal finds the call.
 */
import { randomUUID } from 'node:crypto';
import type { IvrStep } from '@cloud-seat/ivr';
import { Citizen, Conversation, Ticket } from '../models/index.js';
import { inTransaction, type CommandContext } from './context.js';
import { queuePlacement } from './queuePlacement.js';
import { nextTicketNumber, recordTicketEvent } from './timeline.js';

export interface PhoneContactRequest {
  /** The caller's number (From user); null when the trunk withheld it. */
  callerNumber: string | null;
  regionCode: string;
  /** The business category the IVR chose (综合咨询 by default). */
  category: string;
  path: readonly IvrStep[];
  /** The path in a line (summarizePath): 东胜区 › 社会保障. */
  pathSummary: string;
}

export interface PhoneContact {
  conversationId: string;
  ticketId: string;
  regionCode: string;
  citizen: { id: string; name: string };
}

/** 来电 138****5678: the number masked the way the workbench shows phones. */
export function phoneCallerName(number: string | null): string {
  if (!number) return '来电群众';
  const masked = number.length >= 7 ? `${number.slice(0, 3)}****${number.slice(-4)}` : number;
  return `来电 ${masked}`;
}

export async function startPhoneContact(ctx: CommandContext, request: PhoneContactRequest): Promise<PhoneContact> {
  return inTransaction(ctx, async () => {
    const now = ctx.now();
    const known = request.callerNumber ? await Citizen.findOne({ where: { phone: request.callerNumber } }) : null;
    const citizen =
      known ??
      (await Citizen.create({
        id: randomUUID(),
        displayName: phoneCallerName(request.callerNumber),
        identityType: 'personal',
        phone: request.callerNumber,
      }));
    const placement = await queuePlacement(ctx, {
      regionCode: request.regionCode,
      matterCategory: request.category,
      requestedSeat: null,
      appointment: false,
      elder: citizen.elderMode,
      now,
    });
    const category = placement.category;
    const conversation = await Conversation.create({
      id: randomUUID(),
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: null,
      matterSource: null,
      channel: 'phone',
      status: 'queued',
      category,
      requestedSeatId: null,
      requestedWaitSince: null,
      appointmentId: null,
      queuedAt: now,
      rankAt: placement.rankAt,
      overflowRegionCode: placement.overflowRegionCode,
      overflowAt: placement.overflowAt,
      assistantState: null,
    });
    const ticket = await Ticket.create({
      id: randomUUID(),
      number: await nextTicketNumber(ctx, now),
      conversationId: conversation.id,
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: null,
      category,
      citizenName: citizen.displayName,
      channel: 'phone',
      status: 'new',
      createdAt: now,
    });
    const actor = { type: 'citizen' as const, id: citizen.id, name: citizen.displayName };
    await recordTicketEvent(ticket, 'created', actor, { channel: 'phone', regionCode: request.regionCode }, now);
    await recordTicketEvent(
      ticket,
      'ivr_path',
      { type: 'system', id: null, name: '语音导航' },
      { summary: request.pathSummary, steps: request.path },
      now,
    );
    await recordTicketEvent(
      ticket,
      'queued',
      actor,
      {
        category,
        requestedSeatId: null,
        appointmentId: null,
        elder: citizen.elderMode,
        overflowRegionCode: placement.overflowRegionCode,
      },
      now,
    );
    return {
      conversationId: conversation.id,
      ticketId: ticket.id,
      regionCode: request.regionCode,
      citizen: { id: citizen.id, name: citizen.displayName },
    };
  });
}
