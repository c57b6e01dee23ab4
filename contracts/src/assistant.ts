/**
 * 智能助手 (the assistant front line): per-region settings an administrator edits, and the words
 * both apps show for the assistant's part of a conversation.
 */
import { z } from 'zod';
import type { RegionCode } from './enums.js';

/** The name on the assistant's messages. */
export const ASSISTANT_SENDER_NAME = '智能助手';

/** What a citizen types (or taps) to reach a seat at any time. */
export const HANDOFF_WORD = '转人工';

/** Why the assistant handed a citizen to a seat (ticket timeline, workbench). */
export const HANDOFF_REASON_LABELS: Record<string, string> = {
  requested: '群众要求转人工',
  complaint: '投诉或意见',
  urgent: '紧急事项',
  lowConfidence: '助手未能解答',
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:mm，例如 08:30' });

/**
 * When the assistant answers a region's new conversations first: `enabled`, Beijing wall-clock
 * `from`–`to` (`to` at or before `from` runs past midnight; equal: all day).
 */
export const assistantSettingsRequestSchema = z.object({
  enabled: z.boolean(),
  from: clockTime,
  to: clockTime,
});
export type AssistantSettingsRequest = z.infer<typeof assistantSettingsRequestSchema>;

export interface AssistantSettingsView extends AssistantSettingsRequest {
  regionCode: RegionCode;
  regionName: string;
  /** Whether the assistant answers this region's new conversations now. */
  servingNow: boolean;
  /** Whether a seat is on duty now (a shift covers now): otherwise a handoff offers 预约 or 留言. */
  seatsOnDutyNow: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A region without saved settings: the assistant answers first all day. */
export const DEFAULT_ASSISTANT_SETTINGS: AssistantSettingsRequest = { enabled: true, from: '00:00', to: '00:00' };
