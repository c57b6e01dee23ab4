/**
 * 电话热线: a phone caller who walked the voice IVR (语音导航) to a queue becomes a contact like
 * any other — a Citizen found by the caller's number (or created for it), a conversation on the
 * `phone` channel in the region and category the IVR chose, a ticket, queued through the same
 * placement as the workbench's contacts. The ticket records the IVR path (`ivr_path`).
 * Routing is the caller's to start (dispatchRegion) once the call is tracked, so the offer's
 * signal finds the call. A caller told 非工作时间 is written down for a call back
 * (recordAfterHoursCall): the ticket stays 新建 for the staff, as a 留言 does.
 */
import { randomUUID } from 'node:crypto';
import type { IvrStep } from '@cloud-seat/ivr';
import { GENERAL_CATEGORY } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import { Citizen, Conversation, Ticket } from '../models/index.js';
import { inTransaction, type CommandContext } from './context.js';
import { queuePlacement } from './queuePlacement.js';
import type { Placement } from '../domain/acd/queues.js';
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

/** The caller as a citizen: found by the number, or created for it (来电 138****1234). */
async function callerCitizen(callerNumber: string | null): Promise<Citizen> {
  const known = callerNumber ? await Citizen.findOne({ where: { phone: callerNumber } }) : null;
  return (
    known ??
    Citizen.create({
      id: randomUUID(),
      displayName: phoneCallerName(callerNumber),
      identityType: 'personal',
      phone: callerNumber,
    })
  );
}

/**
 * The caller's `phone` conversation and its ticket (新建), with the 创建工单 step: queued with its
 * placement, or already ended (an after-hours call).
 */
async function openPhoneTicket(
  ctx: CommandContext,
  citizen: Citizen,
  fields: {
    regionCode: string;
    category: string;
    now: Date;
    placement: Pick<Placement, 'rankAt' | 'overflowRegionCode' | 'overflowAt'> | null;
  },
): Promise<{ conversation: Conversation; ticket: Ticket }> {
  const { regionCode, category, now, placement } = fields;
  const conversation = await Conversation.create({
    id: randomUUID(),
    citizenId: citizen.id,
    regionCode,
    matterId: null,
    matterSource: null,
    channel: 'phone',
    ...(placement ? { status: 'queued' } : { status: 'ended', endedAt: now, endedBy: 'citizen' }),
    category,
    requestedSeatId: null,
    requestedWaitSince: null,
    appointmentId: null,
    queuedAt: now,
    rankAt: placement?.rankAt ?? now,
    overflowRegionCode: placement?.overflowRegionCode ?? null,
    overflowAt: placement?.overflowAt ?? null,
    assistantState: null,
  });
  const ticket = await Ticket.create({
    id: randomUUID(),
    number: await nextTicketNumber(ctx, now),
    conversationId: conversation.id,
    citizenId: citizen.id,
    regionCode,
    matterId: null,
    category,
    citizenName: citizen.displayName,
    channel: 'phone',
    status: 'new',
    createdAt: now,
  });
  await recordTicketEvent(ticket, 'created', citizenActor(citizen), { channel: 'phone', regionCode }, now);
  return { conversation, ticket };
}

const citizenActor = (citizen: Citizen) => ({ type: 'citizen' as const, id: citizen.id, name: citizen.displayName });

export async function startPhoneContact(ctx: CommandContext, request: PhoneContactRequest): Promise<PhoneContact> {
  return inTransaction(ctx, async () => {
    const now = ctx.now();
    const citizen = await callerCitizen(request.callerNumber);
    const placement = await queuePlacement(ctx, {
      regionCode: request.regionCode,
      matterCategory: request.category,
      requestedSeat: null,
      appointment: false,
      elder: citizen.elderMode,
      now,
    });
    const category = placement.category;
    const { conversation, ticket } = await openPhoneTicket(ctx, citizen, {
      regionCode: request.regionCode,
      category,
      now,
      placement,
    });
    const actor = citizenActor(citizen);
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

/**
 * 非工作时间来电: the hotline told the caller the hours and hung up. A known-numbered caller is
 * written down for a call back — an ended `phone` conversation and a ticket left 新建 with an
 * `after_hours_call` step (the IVR path). Several calls of the same number while the
 * ticket is still 新建 add steps to it instead of new tickets. A withheld number is not recorded
 * (nobody could call back). Returns the ticket id, or null.
 */
export async function recordAfterHoursCall(
  ctx: CommandContext,
  request: Omit<PhoneContactRequest, 'category'>,
): Promise<string | null> {
  if (!request.callerNumber) return null;
  return inTransaction(ctx, async () => {
    const now = ctx.now();
    const citizen = await callerCitizen(request.callerNumber);
    const actor = citizenActor(citizen);
    // the number stays on the citizen (revealed to staff by 查看敏感信息), not on the step
    const step = { summary: request.pathSummary, steps: request.path };
    // one ticket per caller while it waits to be called back
    const [open] = await ctx.sequelize.query<{ id: string }>(
      `SELECT t.id FROM tickets t
        WHERE t.citizen_id = :citizenId AND t.channel = 'phone' AND t.status = 'new'
          AND EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'after_hours_call')
        ORDER BY t.created_at DESC LIMIT 1 FOR UPDATE OF t`,
      { type: QueryTypes.SELECT, replacements: { citizenId: citizen.id } },
    );
    const ticketToCall = open ? await Ticket.findByPk(open.id) : null;
    if (ticketToCall) {
      await recordTicketEvent(ticketToCall, 'after_hours_call', actor, step, now);
      return ticketToCall.id;
    }
    const { ticket } = await openPhoneTicket(ctx, citizen, {
      regionCode: request.regionCode,
      category: GENERAL_CATEGORY,
      now,
      placement: null,
    });
    await recordTicketEvent(ticket, 'after_hours_call', actor, step, now);
    return ticket.id;
  });
}
