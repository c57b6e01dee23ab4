/**
 * The citizen profile staff see beside a conversation (SPEC 14): phone and ID numbers leave the
 * server masked; revealing one is an explicit act with a reason, written to the audit log and,
 * when the staff member is serving the citizen, to the ticket's timeline.
 */
import {
  maskIdNumber,
  maskPhone,
  REVEALABLE_FIELD_LABELS,
  type CitizenProfileView,
  type RevealRequest,
  type RevealView,
} from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { hasPermission } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { AuditLog, Citizen, Conversation, Ticket } from '../models/index.js';
import { inTransaction, type CommandContext } from './context.js';
import { recordTicketEvent, seatActorById } from './timeline.js';

/**
 * May this staff member see the citizen? The seat serving them now; otherwise staff with
 * conversation.read who can see at least one of the citizen's conversations in their scope.
 * Returns the conversation being served by this seat, if any.
 */
async function assertCanSeeCitizen(principal: StaffPrincipal, citizenId: string): Promise<Conversation | null> {
  const citizen = await Citizen.findByPk(citizenId, { attributes: ['id'] });
  if (!citizen) throw errors.notFound('群众');
  if (principal.seatId !== null) {
    const serving = await Conversation.findOne({ where: { citizenId, seatId: principal.seatId, status: 'active' } });
    if (serving) return serving;
  }
  if (!hasPermission(principal, 'conversation.read')) throw errors.forbidden();
  const scope =
    principal.dataScope === 'all'
      ? {}
      : principal.dataScope === 'region'
        ? { regionCode: principal.regionCode }
        : { seatId: principal.seatId ?? { [Op.is]: null } };
  if ((await Conversation.count({ where: { citizenId, ...scope } })) === 0) throw errors.outOfScope();
  return null;
}

export function presentCitizenProfile(citizen: Citizen, serviceCount: number): CitizenProfileView {
  return {
    id: citizen.id,
    displayName: citizen.displayName,
    identityType: citizen.identityType,
    elderMode: citizen.elderMode,
    phone: citizen.phone ? maskPhone(citizen.phone) : null,
    idNumber: citizen.idNumber ? maskIdNumber(citizen.idNumber) : null,
    enterpriseName: citizen.enterpriseName ?? null,
    creditCode: citizen.creditCode ?? null,
    serviceCount,
  };
}

export async function readCitizenProfile(principal: StaffPrincipal, citizenId: string): Promise<CitizenProfileView> {
  await assertCanSeeCitizen(principal, citizenId);
  const [citizen, serviceCount] = await Promise.all([
    Citizen.findByPk(citizenId),
    Ticket.count({ where: { citizenId } }),
  ]);
  return presentCitizenProfile(citizen!, serviceCount);
}

export async function revealCitizenField(
  ctx: CommandContext,
  principal: StaffPrincipal,
  citizenId: string,
  request: RevealRequest,
  ip: string | null,
): Promise<RevealView> {
  return inTransaction(ctx, async () => {
    const serving = await assertCanSeeCitizen(principal, citizenId);
    const citizen = (await Citizen.findByPk(citizenId))!;
    const value = request.field === 'phone' ? citizen.phone : citizen.idNumber;
    const now = ctx.now();
    await AuditLog.create({
      at: now,
      accountId: principal.accountId,
      actorName: principal.displayName,
      action: 'citizen.reveal',
      targetType: 'citizen',
      targetId: citizenId,
      detail: {
        field: request.field,
        reason: request.reason,
        conversationId: serving?.id ?? null,
        empty: value === null,
      },
      ip,
    });
    if (serving) {
      const ticket = await Ticket.findOne({ where: { conversationId: serving.id } });
      if (ticket) {
        await recordTicketEvent(
          ticket,
          'profile_revealed',
          await seatActorById(serving.seatId!),
          { field: request.field, label: REVEALABLE_FIELD_LABELS[request.field], reason: request.reason },
          now,
        );
      }
    }
    return { field: request.field, value: value ?? null };
  });
}
