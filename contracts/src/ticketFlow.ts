/**
 * 工单流转 on a ticket (besides transferring a live conversation): notes, escalation to a
 * supervisor and hand-back, resolve, close, reopen within a window.
 */
import { z } from 'zod';

export const TICKET_ACTIONS = ['note', 'escalate', 'hand_back', 'resolve', 'close', 'reopen'] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export const TICKET_ACTION_LABELS: Record<TicketAction, string> = {
  note: '添加备注',
  escalate: '升级至班长',
  hand_back: '退回坐席',
  resolve: '标记已解决',
  close: '关闭工单',
  reopen: '重新打开',
};

/** A resolved or closed ticket can be reopened for this many days. */
export const REOPEN_WINDOW_DAYS = 7;

/** Actions whose note is required (the point of the action is what it says). */
export const NOTE_REQUIRED: readonly TicketAction[] = ['note', 'escalate', 'hand_back'];

export const ticketActionRequestSchema = z
  .object({
    action: z.enum(TICKET_ACTIONS),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => !NOTE_REQUIRED.includes(v.action) || (v.note !== undefined && v.note.length > 0), {
    message: '请填写说明',
    path: ['note'],
  });
export type TicketActionRequest = z.infer<typeof ticketActionRequestSchema>;
