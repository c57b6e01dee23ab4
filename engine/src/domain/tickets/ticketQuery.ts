/**
 * The pure pieces of the ticket list: data scope narrowing, filters → SQL WHERE with named
 * replacements, the keyset cursor, and service duration. No database here; the query module
 * (models/ticketQueries.ts) runs what this builds.
 */
import type { TicketFilter } from '@cloud-seat/contracts';
import type { StaffPrincipal } from '../auth/permissions.js';

/** Filters after data scope, plus what only the server sets (a citizen's own tickets). */
export interface TicketCriteria extends TicketFilter {
  citizenId?: string;
  /** Ids of matters whose name matches `q` (resolved beforehand from the small matters table). */
  qMatterIds?: string[];
  /** Ids of citizens whose phone ends with `q` when it is four digits (尾号), resolved beforehand. */
  qCitizenIds?: string[];
}

export type ScopeOutcome = { ok: true; filter: TicketFilter } | { ok: false; reason: 'out_of_scope' | 'no_seat' };

/**
 * Narrows a staff member's filters to their data scope. 'region' staff see their own region:
 * asking for another region is refused (403), not silently answered with their own. 'self'
 * staff see the tickets of their own seat: asking for another seat is refused.
 */
export function scopeTicketFilter(principal: StaffPrincipal, filter: TicketFilter): ScopeOutcome {
  switch (principal.dataScope) {
    case 'all':
      return { ok: true, filter };
    case 'region':
      if (filter.regionCode && filter.regionCode !== principal.regionCode) return { ok: false, reason: 'out_of_scope' };
      return { ok: true, filter: { ...filter, regionCode: principal.regionCode as TicketFilter['regionCode'] } };
    case 'self':
      if (!principal.seatId) return { ok: false, reason: 'no_seat' };
      if (filter.seatId && filter.seatId !== principal.seatId) return { ok: false, reason: 'out_of_scope' };
      return { ok: true, filter: { ...filter, seatId: principal.seatId } };
  }
}

/** Escapes LIKE wildcards so user text matches literally (backslash, PostgreSQL's default escape). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface SqlWhere {
  sql: string;
  replacements: Record<string, unknown>;
}

/**
 * Criteria → a WHERE clause over `tickets t` (never empty: `TRUE` when nothing filters).
 * Every value goes through a named replacement; column names are fixed here.
 */
export function ticketWhere(c: TicketCriteria, cursor: TicketCursor | null = null): SqlWhere {
  const parts: string[] = [];
  const replacements: Record<string, unknown> = {};
  const eq = (column: string, name: string, value: unknown) => {
    parts.push(`t.${column} = :${name}`);
    replacements[name] = value;
  };
  if (c.regionCode) eq('region_code', 'regionCode', c.regionCode);
  if (c.seatId) eq('seat_id', 'seatId', c.seatId);
  if (c.citizenId) eq('citizen_id', 'citizenId', c.citizenId);
  if (c.category) eq('category', 'category', c.category);
  if (c.matterId) eq('matter_id', 'matterId', c.matterId);
  if (c.satisfaction !== undefined) eq('satisfaction', 'satisfaction', c.satisfaction);
  if (c.escalated) parts.push('t.escalated_at IS NOT NULL');
  if (c.status?.length === 1) eq('status', 'status', c.status[0]);
  else if (c.status?.length) {
    parts.push('t.status IN (:status)');
    replacements.status = c.status;
  }
  if (c.channel?.length === 1) eq('channel', 'channel', c.channel[0]);
  else if (c.channel?.length) {
    parts.push('t.channel IN (:channel)');
    replacements.channel = c.channel;
  }
  if (c.from) {
    parts.push('t.created_at >= :from');
    replacements.from = c.from;
  }
  if (c.to) {
    parts.push('t.created_at < :to');
    replacements.to = c.to;
  }
  if (c.q) {
    // Backslash is PostgreSQL's default LIKE escape (likeContains uses it).
    const upper = c.q.toUpperCase();
    if (upper.startsWith('GD')) {
      // Only a number starts with GD, and only from its start: a btree range. With the whole
      // date in it, the creation day bounds the scan too (the matches cluster on that day,
      // which the planner cannot know).
      parts.push('t.number LIKE :qNumber');
      replacements.qNumber = likeContains(upper).slice(1);
      const day = numberDay(upper);
      if (day) {
        parts.push('t.created_at >= :qDayFrom AND t.created_at < :qDayTo');
        replacements.qDayFrom = day.from;
        replacements.qDayTo = day.to;
      }
    } else {
      // Digits are part of a number (GD + digits, trigram index); anything else is a name from
      // its start (surname first; lower() for Latin letters). Never both: an OR with a pattern
      // the trigram index cannot narrow (one or two characters) would read all of it.
      const digits = /^\d+$/.test(c.q);
      const q = [digits ? 't.number LIKE :qNumber' : 'lower(t.citizen_name) LIKE :qName'];
      if (digits) replacements.qNumber = likeContains(c.q);
      else replacements.qName = likeContains(c.q.toLowerCase()).slice(1);
      if (c.qMatterIds?.length) {
        q.push('t.matter_id IN (:qMatterIds)');
        replacements.qMatterIds = c.qMatterIds;
      }
      if (c.qCitizenIds?.length) {
        q.push('t.citizen_id IN (:qCitizenIds)');
        replacements.qCitizenIds = c.qCitizenIds;
      }
      parts.push(`(${q.join(' OR ')})`);
    }
  }
  if (cursor) {
    // Written so the (…, created_at DESC, id DESC) indexes bound the scan by created_at.
    parts.push('t.created_at <= :cursorAt AND (t.created_at < :cursorAt OR t.id < :cursorId)');
    replacements.cursorAt = cursor.at;
    replacements.cursorId = cursor.id;
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', replacements };
}

/**
 * Keyset position: the last row's creation instant in microseconds since the epoch (PostgreSQL
 * keeps microseconds; a JS Date would lose them and skip or repeat rows) and its id.
 */
export interface TicketCursor {
  /** Exact SQL timestamp literal, e.g. '2026-11-02 08:00:00.123456+00'. */
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(micros: bigint, id: string): string {
  return Buffer.from(`${micros.toString()}.${id}`, 'utf8').toString('base64url');
}

/** The keyset position of a row created at `micros` (since the epoch) with this id. */
export function cursorAt(micros: bigint, id: string): TicketCursor {
  const iso = new Date(Number(micros / 1000n)).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return { at: `${iso.slice(0, 23)}${String(Number(micros % 1000n)).padStart(3, '0')}+00`, id };
}

/** A cursor from a client, or null when it is not one of ours. */
export function decodeCursor(cursor: string): TicketCursor | null {
  const match = /^(\d{1,16})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || !UUID.test(match[2]!)) return null;
  const micros = BigInt(match[1]!);
  // Within what a Date can show as a four-digit year.
  if (micros >= 253_402_300_800_000_000n) return null;
  return cursorAt(micros, match[2]!);
}

/**
 * The Beijing day of a ticket number (GD + yyyymmdd + serial) as an instant range, when `q`
 * carries the whole date. A ticket is created at the instant its number is made from.
 */
export function numberDay(q: string): { from: string; to: string } | null {
  const match = /^GD(\d{4})(\d{2})(\d{2})/.exec(q);
  if (!match) return null;
  const from = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00+08:00`);
  if (Number.isNaN(from.getTime())) return null;
  return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
}

/** Four digits: the search also looks for citizens whose phone ends with them. */
export function isPhoneTail(q: string): boolean {
  return /^\d{4}$/.test(q);
}

/** Service time in whole seconds, accepted → ended; null until both are known. */
export function durationSeconds(acceptedAt: Date | null, endedAt: Date | null): number | null {
  if (!acceptedAt || !endedAt) return null;
  return Math.max(0, Math.round((endedAt.getTime() - acceptedAt.getTime()) / 1000));
}
