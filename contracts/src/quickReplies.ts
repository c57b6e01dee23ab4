/**
 * 快捷回复 (quick replies) of seats and 常见问题 (preset FAQ questions) of citizens: request
 * schemas and views. A phrase's text may hold variables written in braces, e.g.
 * `{市民姓名}您好，我是{坐席姓名}（工号{工号}）`; the engine renders them for one conversation.
 */
import { z } from 'zod';
import { regionCodeSchema, uuidSchema } from './http.js';

/** The variables a phrase may use, with what each becomes (shown to seats when editing). */
export const QUICK_REPLY_VARIABLES = [
  { name: '市民姓名', description: '市民的称呼' },
  { name: '坐席姓名', description: '您的姓名' },
  { name: '工号', description: '您的工号' },
  { name: '事项', description: '本次咨询的政务服务事项' },
  { name: '工单号', description: '本次服务的工单号' },
  { name: '区域', description: '市民咨询的旗区' },
] as const;
export type QuickReplyVariable = (typeof QUICK_REPLY_VARIABLES)[number]['name'];

export const QUICK_REPLY_SCOPES = ['personal', 'team'] as const;
export type QuickReplyScope = (typeof QUICK_REPLY_SCOPES)[number];
export const QUICK_REPLY_SCOPE_LABELS: Record<QuickReplyScope, string> = { personal: '个人', team: '团队' };

/**
 * How many 常见问题 chips the citizen's chat shows: the first by sort (a matter's own first). Any
 * preset question a citizen types is answered, shown as a chip or not.
 */
export const FAQ_CHIP_LIMIT = 6;

/** The sender name of the engine's FAQ answers (system messages the citizen app shows as an answer card). */
export const FAQ_ANSWER_SENDER_NAME = '常见问题解答';

// ---- requests -------------------------------------------------------------------------------

const phraseFields = {
  /** Typed after "/" in the composer; letters, digits or Chinese, no spaces. */
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(16)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'shortcut: letters, digits, _ or - only'),
  title: z.string().trim().min(1).max(32),
  text: z.string().trim().min(1).max(1000),
};

/** A seat's own phrase (个人短语). */
export const quickReplyRequestSchema = z.object(phraseFields);
export type QuickReplyRequest = z.infer<typeof quickReplyRequestSchema>;

/** A team phrase (团队短语): shared by the seats of one region and business category. */
export const teamQuickReplyRequestSchema = z.object({
  ...phraseFields,
  regionCode: regionCodeSchema,
  category: z.string().trim().min(1).max(32),
});
export type TeamQuickReplyRequest = z.infer<typeof teamQuickReplyRequestSchema>;

export const quickRepliesQuerySchema = z.object({
  /** Part of a shortcut, title or text. */
  q: z.string().trim().max(32).optional(),
  /** Render the variables for this conversation (one the seat may read). */
  conversationId: uuidSchema.optional(),
});
export type QuickRepliesQuery = z.infer<typeof quickRepliesQuerySchema>;

export const teamQuickRepliesQuerySchema = z.object({
  regionCode: regionCodeSchema.optional(),
  category: z.string().trim().min(1).max(32).optional(),
});
export type TeamQuickRepliesQuery = z.infer<typeof teamQuickRepliesQuerySchema>;

export const faqRequestSchema = z.object({
  regionCode: regionCodeSchema,
  question: z.string().trim().min(2).max(60),
  answer: z.string().trim().min(1).max(1000),
  /** Shown first for contacts about this matter; null: for every contact of the region. */
  matterId: uuidSchema.nullable().default(null),
  category: z.string().trim().min(1).max(32).nullable().default(null),
  sort: z.number().int().min(0).max(9999).default(100),
});
export type FaqRequest = z.input<typeof faqRequestSchema>;

export const faqsQuerySchema = z.object({
  matterId: uuidSchema.optional(),
  category: z.string().trim().min(1).max(32).optional(),
});
export type FaqsQuery = z.infer<typeof faqsQuerySchema>;

// ---- responses ------------------------------------------------------------------------------

export interface QuickReplyView {
  id: string;
  scope: QuickReplyScope;
  shortcut: string;
  title: string;
  /** The stored text, with its variables. */
  text: string;
  /** With a conversationId: the text with the variables filled in; else equal to text. */
  rendered: string;
  /** Team phrases only. */
  regionCode: string | null;
  category: string | null;
  updatedAt: string;
}

/** A preset question of a region (常见问题) and its answer. */
export interface FaqView {
  id: string;
  regionCode: string;
  question: string;
  answer: string;
  matterId: string | null;
  category: string | null;
  sort: number;
}
