/**
 * Reading tickets: the filtered, newest-first list (pages or keyset cursor), a capped count, one
 * ticket, its merged timeline, and batches for export. The WHERE clause comes from the pure
 * domain/tickets/ticketQuery.ts; the route, the export and the bench all run these.
 */
import {
  TICKET_COUNT_CAP,
  TICKET_SEARCH_COUNT_CAP,
  type ContactStatus,
  type TicketAction,
  type TicketDetail,
  type TicketFilter,
  type TicketListItem,
  type TicketListView,
} from '@cloud-seat/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';
import {
  cursorAt,
  encodeCursor,
  isPhoneTail,
  likeContains,
  ticketWhere,
  type TicketCriteria,
  type TicketCursor,
} from '../domain/tickets/ticketQuery.js';
import { presentTicketDetail, presentTicketListItem } from '../presenters/tickets.js';
import { Attachment } from './attachment.js';
import { Evaluation } from './evaluation.js';
import { Message } from './message.js';
import { TicketEvent } from './ticket.js';

/** One ticket with what its list item shows (seat, matter, the conversation's times). */
export type TicketRow = Pick<
  TicketListItem,
  'id' | 'number' | 'status' | 'regionCode' | 'channel' | 'category' | 'conversationId' | 'satisfaction'
> & {
  citizenId: string;
  citizenName: string;
  seatId: string | null;
  seatName: string | null;
  seatJobNumber: string | null;
  matterId: string | null;
  matterName: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  endedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  escalatedAt: Date | null;
  /** The contact's state (live or over), for what may be done to the ticket. */
  conversationStatus: ContactStatus;
  /** created_at in microseconds since the epoch, exact (for the cursor). */
  createdMicros: string;
};

const ROW_COLUMNS = `
  t.id, t.number, t.status, t.region_code AS "regionCode", t.channel, t.category,
  t.conversation_id AS "conversationId", t.citizen_id AS "citizenId", t.citizen_name AS "citizenName",
  t.seat_id AS "seatId", s.name AS "seatName", s.job_number AS "seatJobNumber",
  t.matter_id AS "matterId", m.name AS "matterName", t.satisfaction,
  t.created_at AS "createdAt", c.accepted_at AS "acceptedAt", c.ended_at AS "endedAt",
  t.closed_at AS "closedAt", t.updated_at AS "updatedAt", t.escalated_at AS "escalatedAt",
  c.status AS "conversationStatus",
  (extract(epoch FROM t.created_at) * 1000000)::bigint::text AS "createdMicros"`;

const ROW_JOINS = `
  JOIN conversations c ON c.id = t.conversation_id
  LEFT JOIN seats s ON s.id = t.seat_id
  LEFT JOIN matters m ON m.id = t.matter_id`;

/**
 * Adds what the free-text search needs from other tables: matters whose name matches (a small
 * catalog per region) and, for four digits, citizens whose phone ends with them.
 */
export async function resolveCriteria(
  sequelize: Sequelize,
  filter: TicketFilter & { citizenId?: string },
): Promise<TicketCriteria> {
  const q = filter.q;
  if (!q) return filter;
  const [matters, citizens] = await Promise.all([
    sequelize.query<{ id: string }>('SELECT id FROM matters WHERE name ILIKE :q LIMIT 200', {
      replacements: { q: likeContains(q) },
      type: QueryTypes.SELECT,
    }),
    isPhoneTail(q)
      ? sequelize.query<{ id: string }>(
          'SELECT id FROM citizens WHERE right(phone, 4) = :q AND phone IS NOT NULL LIMIT 500',
          { replacements: { q }, type: QueryTypes.SELECT },
        )
      : [],
  ]);
  return { ...filter, qMatterIds: matters.map((m) => m.id), qCitizenIds: citizens.map((c) => c.id) };
}

/** Newest first: `limit` rows after `offset`, or after the cursor when one is given. */
export async function listTicketRows(
  sequelize: Sequelize,
  criteria: TicketCriteria,
  page: { limit: number; offset?: number; cursor?: TicketCursor | null },
): Promise<TicketRow[]> {
  const where = ticketWhere(criteria, page.cursor ?? null);
  // Page the tickets first, then join the few rows' seat, matter and conversation.
  return sequelize.query<TicketRow>(
    `SELECT ${ROW_COLUMNS}
       FROM (SELECT * FROM tickets t WHERE ${where.sql}
              ORDER BY t.created_at DESC, t.id DESC LIMIT :limit OFFSET :offset) t
       ${ROW_JOINS}
      ORDER BY t.created_at DESC, t.id DESC`,
    {
      replacements: { ...where.replacements, limit: page.limit, offset: page.cursor ? 0 : (page.offset ?? 0) },
      type: QueryTypes.SELECT,
    },
  );
}

/** Matching tickets, counted up to `cap` (a bounded cost); `capped` when there are more. */
export async function countTickets(
  sequelize: Sequelize,
  criteria: TicketCriteria,
  cap: number,
): Promise<{ total: number; capped: boolean }> {
  const where = ticketWhere(criteria);
  const [row] = await sequelize.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE ${where.sql} LIMIT :cap) x`,
    { replacements: { ...where.replacements, cap: cap + 1 }, type: QueryTypes.SELECT },
  );
  const n = row?.n ?? 0;
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

export async function findTicketRow(sequelize: Sequelize, id: string): Promise<TicketRow | null> {
  const rows = await sequelize.query<TicketRow>(`SELECT ${ROW_COLUMNS} FROM tickets t ${ROW_JOINS} WHERE t.id = :id`, {
    replacements: { id },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

/** Every matching row, newest first, in keyset batches (export); stops after `max` rows. */
export async function* ticketRowBatches(
  sequelize: Sequelize,
  criteria: TicketCriteria,
  max: number,
  batchSize = 1000,
): AsyncGenerator<TicketRow[]> {
  let cursor: TicketCursor | null = null;
  let sent = 0;
  while (sent < max) {
    const rows = await listTicketRows(sequelize, criteria, { limit: Math.min(batchSize, max - sent), cursor });
    if (rows.length === 0) return;
    yield rows;
    sent += rows.length;
    const last = rows[rows.length - 1]!;
    cursor = cursorAt(BigInt(last.createdMicros), last.id);
  }
}

/** The ticket's steps and its conversation's messages (with attachments), each oldest first. */
export async function loadTimelineParts(ticketId: string, conversationId: string) {
  const [events, messages, evaluation] = await Promise.all([
    TicketEvent.findAll({ where: { ticketId }, order: [['id', 'ASC']] }),
    Message.findAll({
      where: { conversationId },
      include: [{ model: Attachment, as: 'attachment' }],
      order: [['seq', 'ASC']],
    }),
    Evaluation.findByPk(conversationId),
  ]);
  return { events, messages, evaluation };
}

/** One page of the list view: rows of the page (or after the cursor), a capped count, the next cursor. */
export async function readTicketList(
  sequelize: Sequelize,
  filter: TicketFilter & { citizenId?: string },
  paging: { page: number; pageSize: number; cursor: TicketCursor | null },
): Promise<TicketListView> {
  const criteria = await resolveCriteria(sequelize, filter);
  const [rows, count] = await Promise.all([
    listTicketRows(sequelize, criteria, {
      limit: paging.pageSize + 1,
      offset: (paging.page - 1) * paging.pageSize,
      cursor: paging.cursor,
    }),
    countTickets(sequelize, criteria, criteria.q ? TICKET_SEARCH_COUNT_CAP : TICKET_COUNT_CAP),
  ]);
  const more = rows.length > paging.pageSize;
  const page = more ? rows.slice(0, paging.pageSize) : rows;
  const last = page[page.length - 1];
  return {
    tickets: page.map(presentTicketListItem),
    total: count.total,
    totalCapped: count.capped,
    page: paging.cursor ? 1 : paging.page,
    pageSize: paging.pageSize,
    nextCursor: more && last ? encodeCursor(BigInt(last.createdMicros), last.id) : null,
  };
}

/** A ticket found by findTicketRow (and allowed to the reader), with its merged timeline. */
export async function loadTicketDetail(
  row: TicketRow,
  options: { forCitizen: boolean; allowedActions?: TicketAction[] },
): Promise<TicketDetail> {
  return presentTicketDetail(row, await loadTimelineParts(row.id, row.conversationId), options);
}
