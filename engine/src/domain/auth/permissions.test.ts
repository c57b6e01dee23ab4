import { describe, expect, it } from 'vitest';
import { canSeeRecord, DEFAULT_ROLES, hasPermission, type StaffPrincipal } from './permissions.js';

const staff = (over: Partial<StaffPrincipal>): StaffPrincipal => ({
  kind: 'staff',
  accountId: 'acc',
  role: 'supervisor',
  regionCode: '150602',
  dataScope: 'region',
  permissions: new Set(['conversation.read']),
  seatId: null,
  displayName: '测试',
  ...over,
});

describe('data scope', () => {
  const record = { regionCode: '150602', seatId: 'seat-1' };

  it('region scope sees its own region only', () => {
    expect(canSeeRecord(staff({}), record)).toBe(true);
    expect(canSeeRecord(staff({ regionCode: '150600' }), record)).toBe(false);
  });

  it('all scope sees every region, self scope only its own seat', () => {
    expect(canSeeRecord(staff({ dataScope: 'all', regionCode: '150600' }), record)).toBe(true);
    expect(canSeeRecord(staff({ dataScope: 'self', seatId: 'seat-1' }), record)).toBe(true);
    expect(canSeeRecord(staff({ dataScope: 'self', seatId: 'seat-2' }), record)).toBe(false);
    expect(canSeeRecord(staff({ dataScope: 'self', seatId: null }), record)).toBe(false);
  });
});

describe('permissions', () => {
  it('citizens never hold staff permissions', () => {
    expect(hasPermission({ kind: 'citizen', citizenId: 'c', displayName: 'x' }, 'conversation.read')).toBe(false);
  });

  it('default roles: seats take contacts, only admins manage roles', () => {
    const byCode = Object.fromEntries(DEFAULT_ROLES.map((r) => [r.code, r]));
    expect(byCode.seat!.permissions).toContain('seat.workbench');
    expect(byCode.supervisor!.permissions).not.toContain('role.manage');
    expect(byCode.admin!.permissions).toContain('role.manage');
  });
});
