import { describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../auth/permissions.js';
import {
  cursorAt,
  decodeCursor,
  durationSeconds,
  encodeCursor,
  isPhoneTail,
  likeContains,
  numberDay,
  scopeTicketFilter,
  ticketWhere,
} from './ticketQuery.js';

const SEAT = '5b0c6f0e-1111-4222-8333-444455556666';
const OTHER_SEAT = '5b0c6f0e-1111-4222-8333-444455557777';

function staff(dataScope: StaffPrincipal['dataScope'], seatId: string | null = null): StaffPrincipal {
  return {
    kind: 'staff',
    accountId: 'a',
    role: 'x',
    regionCode: '150602',
    dataScope,
    permissions: new Set(['conversation.read']),
    seatId,
    displayName: '测试',
  };
}

describe('scopeTicketFilter', () => {
  it('leaves all-scope filters as asked', () => {
    expect(scopeTicketFilter(staff('all'), { regionCode: '150621' })).toEqual({
      ok: true,
      filter: { regionCode: '150621' },
    });
  });

  it('pins region staff to their region and refuses another', () => {
    expect(scopeTicketFilter(staff('region'), {})).toEqual({ ok: true, filter: { regionCode: '150602' } });
    expect(scopeTicketFilter(staff('region'), { regionCode: '150602' }).ok).toBe(true);
    expect(scopeTicketFilter(staff('region'), { regionCode: '150621' })).toEqual({ ok: false, reason: 'out_of_scope' });
  });

  it('pins self staff to their seat', () => {
    expect(scopeTicketFilter(staff('self', SEAT), { status: ['new'] })).toEqual({
      ok: true,
      filter: { status: ['new'], seatId: SEAT },
    });
    expect(scopeTicketFilter(staff('self', SEAT), { seatId: OTHER_SEAT })).toEqual({
      ok: false,
      reason: 'out_of_scope',
    });
    expect(scopeTicketFilter(staff('self'), {})).toEqual({ ok: false, reason: 'no_seat' });
  });
});

describe('ticketWhere', () => {
  it('is TRUE without filters', () => {
    expect(ticketWhere({})).toEqual({ sql: 'TRUE', replacements: {} });
  });

  it('puts every value in a replacement', () => {
    const where = ticketWhere({
      regionCode: '150602',
      seatId: SEAT,
      category: '社会保障',
      status: ['new', 'closed'],
      channel: ['video'],
      satisfaction: 1,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect(where.sql).toBe(
      't.region_code = :regionCode AND t.seat_id = :seatId AND t.category = :category AND t.satisfaction = :satisfaction' +
        ' AND t.status IN (:status) AND t.channel = :channel AND t.created_at >= :from AND t.created_at < :to',
    );
    expect(where.replacements).toMatchObject({ status: ['new', 'closed'], channel: 'video', satisfaction: 1 });
    expect(where.sql).not.toContain('社会保障');
  });

  it('searches a name from its start, matching matters and phone tails; digits in numbers', () => {
    const where = ticketWhere({ q: 'Li_1%', qMatterIds: [SEAT] });
    expect(where.sql).toBe('(lower(t.citizen_name) LIKE :qName OR t.matter_id IN (:qMatterIds))');
    expect(where.replacements).toMatchObject({ qName: 'li\\_1\\%%' });
    const digits = ticketWhere({ q: '1234', qCitizenIds: [OTHER_SEAT] });
    expect(digits.sql).toBe('(t.number LIKE :qNumber OR t.citizen_id IN (:qCitizenIds))');
    expect(digits.replacements).toMatchObject({ qNumber: '%1234%' });
    expect(isPhoneTail('1234')).toBe(true);
    expect(isPhoneTail('123')).toBe(false);
    expect(isPhoneTail('12a4')).toBe(false);
  });

  it('reads text starting with GD as a number from its start, bounded by its day', () => {
    expect(ticketWhere({ q: 'gd2026' })).toEqual({
      sql: 't.number LIKE :qNumber',
      replacements: { qNumber: 'GD2026%' },
    });
    const where = ticketWhere({ q: 'GD20260305000123' });
    expect(where.sql).toBe('t.number LIKE :qNumber AND t.created_at >= :qDayFrom AND t.created_at < :qDayTo');
    expect(where.replacements).toMatchObject({
      qDayFrom: '2026-03-04T16:00:00.000Z',
      qDayTo: '2026-03-05T16:00:00.000Z',
    });
    expect(numberDay('GD2026130')).toBeNull();
  });

  it('continues after a cursor', () => {
    const where = ticketWhere({}, { at: '2026-01-01T00:00:00.000001+00', id: SEAT });
    expect(where.sql).toBe('t.created_at <= :cursorAt AND (t.created_at < :cursorAt OR t.id < :cursorId)');
  });
});

describe('cursor', () => {
  it('round-trips microseconds exactly', () => {
    const micros = 1_767_225_600_123_456n; // 2026-01-01T00:00:00.123456Z
    const decoded = decodeCursor(encodeCursor(micros, SEAT));
    expect(decoded).toEqual({ at: '2026-01-01T00:00:00.123456+00', id: SEAT });
    expect(cursorAt(micros, SEAT)).toEqual(decoded);
  });

  it('refuses what it did not make', () => {
    expect(decodeCursor('nonsense')).toBeNull();
    expect(decodeCursor(Buffer.from(`12.not-a-uuid`).toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from(`99999999999999999.${SEAT}`).toString('base64url'))).toBeNull();
  });
});

describe('likeContains and durationSeconds', () => {
  it('escapes wildcards', () => {
    expect(likeContains('a\\b%c_')).toBe('%a\\\\b\\%c\\_%');
  });

  it('measures accepted → ended', () => {
    expect(durationSeconds(new Date(0), new Date(90_400))).toBe(90);
    expect(durationSeconds(new Date(0), null)).toBeNull();
    expect(durationSeconds(null, new Date(0))).toBeNull();
  });
});
