/**
 * Permissions and data scope. Pure. Roles are stored in the database (an admin UI edits them
 * later); these are the permission names the routes check and the default role definitions.
 */
import type { DataScope, StaffRole } from '@cloud-seat/contracts';

export const PERMISSIONS = [
  'seat.workbench', // take contacts, chat, set own state
  'conversation.read', // read conversations and tickets in the data scope
  'monitor.read', // live floor monitoring
  'ticket.manage', // ticket management pages
  'seat.manage', // seat administration
  'role.manage', // roles and permissions
  'matter.manage', // matter catalog curation
  'queue.manage', // queue routing settings (strategy, overflow) and seat schedules
  'quick_reply.manage', // team quick-reply phrases and the citizens' preset questions (常见问题)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  code: StaffRole;
  name: string;
  permissions: Permission[];
  dataScope: DataScope;
}

export const DEFAULT_ROLES: RoleDefinition[] = [
  { code: 'seat', name: '坐席', permissions: ['seat.workbench', 'conversation.read'], dataScope: 'self' },
  {
    code: 'supervisor',
    name: '班长',
    permissions: ['conversation.read', 'monitor.read', 'ticket.manage', 'quick_reply.manage'],
    dataScope: 'region',
  },
  { code: 'admin', name: '管理员', permissions: [...PERMISSIONS], dataScope: 'all' },
];

export interface StaffPrincipal {
  kind: 'staff';
  accountId: string;
  role: string;
  regionCode: string;
  dataScope: DataScope;
  permissions: ReadonlySet<string>;
  seatId: string | null;
  displayName: string;
}

export interface CitizenPrincipal {
  kind: 'citizen';
  citizenId: string;
  displayName: string;
}

export type Principal = StaffPrincipal | CitizenPrincipal;

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.kind === 'staff' && principal.permissions.has(permission);
}

/** A record owned by a region and (optionally) a seat: may this staff member see it? */
export function canSeeRecord(
  principal: StaffPrincipal,
  record: { regionCode: string; seatId: string | null },
): boolean {
  switch (principal.dataScope) {
    case 'all':
      return true;
    case 'region':
      return record.regionCode === principal.regionCode;
    case 'self':
      return principal.seatId !== null && record.seatId === principal.seatId;
  }
}
