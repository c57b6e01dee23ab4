/**
 * Server-side permission checks. Every route names who may call it; data scope (region) is
 * checked where a record is read.
 */
import type { Response } from 'express';
import {
  canSeeRecord,
  hasPermission,
  type CitizenPrincipal,
  type Permission,
  type Principal,
  type StaffPrincipal,
} from '../../domain/auth/permissions.js';
import { errors } from '../../errors.js';
import { Conversation } from '../../models/index.js';
import { principalOf } from './authenticate.js';

export function requireCitizen(res: Response): CitizenPrincipal {
  const p = principalOf(res);
  if (p.kind !== 'citizen') throw errors.forbidden();
  return p;
}

export function requireStaff(res: Response, permission: Permission): StaffPrincipal {
  const p = principalOf(res);
  if (p.kind !== 'staff' || !hasPermission(p, permission)) throw errors.forbidden();
  return p;
}

/** A staff member holding at least one of the permissions. */
export function requireStaffWithAny(res: Response, ...permissions: Permission[]): StaffPrincipal {
  const p = principalOf(res);
  if (p.kind !== 'staff' || !permissions.some((permission) => hasPermission(p, permission))) throw errors.forbidden();
  return p;
}

/** A staff member with the workbench permission and a seat profile. */
export function requireSeat(res: Response): StaffPrincipal & { seatId: string } {
  const p = requireStaff(res, 'seat.workbench');
  if (!p.seatId) throw errors.noSeatProfile();
  return p as StaffPrincipal & { seatId: string };
}

/**
 * May this principal read a conversation? Its citizen, its seat, or staff with
 * conversation.read whose data scope covers the conversation's region.
 */
export function assertCanReadConversation(
  principal: Principal,
  conversation: { citizenId: string; seatId: string | null; regionCode: string },
): void {
  if (principal.kind === 'citizen') {
    if (principal.citizenId !== conversation.citizenId) throw errors.notFound('会话');
    return;
  }
  if (principal.seatId !== null && principal.seatId === conversation.seatId) return;
  if (!hasPermission(principal, 'conversation.read')) throw errors.forbidden();
  if (!canSeeRecord(principal, conversation)) throw errors.outOfScope();
}

/**
 * Audit media (call recordings, co-browse replays) are for staff only, never citizens: the
 * conversation's seat, or staff with conversation.read whose data scope covers it.
 */
export async function assertStaffCanReadConversation(res: Response, conversationId: string): Promise<void> {
  const principal = principalOf(res);
  if (principal.kind !== 'staff') throw errors.forbidden();
  const conversation = await Conversation.findByPk(conversationId, {
    attributes: ['citizenId', 'seatId', 'regionCode'],
  });
  if (!conversation) throw errors.notFound('会话');
  assertCanReadConversation(principal, conversation);
}

/** May this staff member see a region's records (queues, appointments)? Checked against the data scope. */
export function assertRegionInScope(principal: StaffPrincipal, regionCode: string): void {
  if (principal.dataScope !== 'all' && principal.regionCode !== regionCode) throw errors.outOfScope();
}
