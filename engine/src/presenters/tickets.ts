/**
 * Ticket rows → list items, details with the merged timeline, and export cells. Pure.
 */
import {
  CHANNEL_LABELS,
  REGIONS,
  TICKET_STATUS_LABELS,
  ticketEventLabel,
  type TicketAction,
  type TicketDetail,
  type TicketListItem,
  type TicketTimelineEntry,
} from '@cloud-seat/contracts';
import { BEIJING_OFFSET_MS } from '../domain/schedule/beijingTime.js';
import { durationSeconds } from '../domain/tickets/ticketQuery.js';
import type { Evaluation, Message, TicketEvent } from '../models/index.js';
import type { TicketRow } from '../models/ticketQueries.js';
import { presentMessage } from './views.js';

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTicketListItem(row: TicketRow): TicketListItem {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    regionCode: row.regionCode,
    channel: row.channel,
    category: row.category,
    conversationId: row.conversationId,
    citizen: { id: row.citizenId, displayName: row.citizenName },
    seat: row.seatId ? { id: row.seatId, name: row.seatName ?? '', jobNumber: row.seatJobNumber ?? '' } : null,
    matter: row.matterId ? { id: row.matterId, name: row.matterName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    acceptedAt: isoOrNull(row.acceptedAt),
    endedAt: isoOrNull(row.endedAt),
    durationSeconds: durationSeconds(row.acceptedAt, row.endedAt),
    satisfaction: row.satisfaction,
    closedAt: isoOrNull(row.closedAt),
    updatedAt: row.updatedAt.toISOString(),
    escalatedAt: isoOrNull(row.escalatedAt),
    conversationStatus: row.conversationStatus,
  };
}

/**
 * Steps and messages merged oldest first. At the same instant a step comes before a message
 * (a step's transaction writes it before the system message that tells about it).
 * Citizens get the steps without their internal details.
 */
export function mergeTimeline(
  events: TicketEvent[],
  messages: Message[],
  options: { forCitizen: boolean },
): TicketTimelineEntry[] {
  const entries: Array<{ entry: TicketTimelineEntry; ms: number; rank: number; order: number }> = [
    ...events.map((e, i) => ({
      entry: {
        kind: 'event' as const,
        at: e.at.toISOString(),
        type: e.type,
        label: ticketEventLabel(e.type),
        actor: { type: e.actorType, id: options.forCitizen ? null : e.actorId, name: e.actorName },
        data: options.forCitizen ? {} : e.data,
      },
      ms: e.at.getTime(),
      rank: 0,
      order: i,
    })),
    ...messages.map((m, i) => ({
      entry: { kind: 'message' as const, at: m.createdAt.toISOString(), message: presentMessage(m) },
      ms: m.createdAt.getTime(),
      rank: 1,
      order: i,
    })),
  ];
  entries.sort((a, b) => a.ms - b.ms || a.rank - b.rank || a.order - b.order);
  return entries.map((e) => e.entry);
}

export function presentTicketDetail(
  row: TicketRow,
  parts: { events: TicketEvent[]; messages: Message[]; evaluation: Evaluation | null },
  options: { forCitizen: boolean; allowedActions?: TicketAction[] },
): TicketDetail {
  const e = parts.evaluation;
  return {
    ...presentTicketListItem(row),
    evaluation: e
      ? { rating: e.rating, label: e.label, comment: e.comment, createdAt: e.createdAt.toISOString() }
      : null,
    timeline: mergeTimeline(parts.events, parts.messages, options),
    allowedActions: options.allowedActions ?? [],
  };
}

const REGION_NAMES = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]));
/** 'YYYY-MM-DD HH:mm:ss' on the Beijing wall clock. */
const beijing = (d: Date | null) =>
  d ? new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ') : '';

/** Export columns: header and cell per row, in the order they appear in the file. */
export const TICKET_EXPORT_COLUMNS: Array<{ header: string; cell: (row: TicketRow) => string | number | null }> = [
  { header: '工单号', cell: (r) => r.number },
  { header: '状态', cell: (r) => TICKET_STATUS_LABELS[r.status] },
  { header: '区域', cell: (r) => REGION_NAMES.get(r.regionCode) ?? r.regionCode },
  { header: '渠道', cell: (r) => CHANNEL_LABELS[r.channel] },
  { header: '业务类别', cell: (r) => r.category },
  { header: '事项', cell: (r) => r.matterName ?? '' },
  { header: '群众', cell: (r) => r.citizenName },
  { header: '坐席', cell: (r) => r.seatName ?? '' },
  { header: '坐席工号', cell: (r) => r.seatJobNumber ?? '' },
  { header: '连线时间', cell: (r) => beijing(r.createdAt) },
  { header: '接入时间', cell: (r) => beijing(r.acceptedAt) },
  { header: '结束时间', cell: (r) => beijing(r.endedAt) },
  { header: '服务时长（秒）', cell: (r) => durationSeconds(r.acceptedAt, r.endedAt) },
  { header: '满意度', cell: (r) => r.satisfaction },
];
