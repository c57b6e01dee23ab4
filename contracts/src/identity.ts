/**
 * Citizen identity data: format checks (mainland mobile numbers, 18-digit 居民身份证号 with its
 * GB 11643 check digit, 18-character 统一社会信用代码 with its GB 32100 check character) and the
 * masks shown to staff. Pure; the engine masks before anything leaves the server.
 */
import { z } from 'zod';
import { IDENTITY_TYPES, type IdentityType } from './enums.js';

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 18-digit resident ID number with a valid check digit (X upper-case). */
export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return ID_CHECK[sum % 11] === value[17];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码: 18 characters from the GB 32100 alphabet with a valid check character. */
export function isValidCreditCode(value: string): boolean {
  if (value.length !== 18 || [...value].some((c) => !USCC_CHARS.includes(c))) return false;
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(value[i]!), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === value[17];
}

/** Keeps `head` and `tail` characters and stars the rest: 150****1234, 1501**********1234. */
export function maskMiddle(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

export const maskPhone = (phone: string) => maskMiddle(phone, 3, 4);
export const maskIdNumber = (idNumber: string) => maskMiddle(idNumber, 4, 4);

export const REVEALABLE_FIELDS = ['phone', 'idNumber'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];
export const REVEALABLE_FIELD_LABELS: Record<RevealableField, string> = { phone: '手机号', idNumber: '身份证号' };

/** The citizen fills in or corrects their own profile (SSO will fill it in production). */
export const citizenProfileRequestSchema = z
  .object({
    displayName: z.string().trim().min(1).max(32).optional(),
    identityType: z.enum(IDENTITY_TYPES).optional(),
    phone: z.string().trim().regex(MOBILE_PATTERN, '手机号格式不正确').nullable().optional(),
    idNumber: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine(isValidIdNumber, '身份证号不正确，请核对')
      .nullable()
      .optional(),
    enterpriseName: z.string().trim().min(2).max(100).nullable().optional(),
    creditCode: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine(isValidCreditCode, '统一社会信用代码不正确，请核对')
      .nullable()
      .optional(),
  })
  .strict();
export type CitizenProfileRequest = z.input<typeof citizenProfileRequestSchema>;

/** Staff ask to see one masked field in full; the reason goes to the audit log. */
export const revealRequestSchema = z.object({
  field: z.enum(REVEALABLE_FIELDS),
  reason: z.string().trim().min(2, '请填写查看原因').max(100),
});
export type RevealRequest = z.infer<typeof revealRequestSchema>;

/** What staff see of a citizen beside the conversation: ID and phone numbers masked. */
export interface CitizenProfileView {
  id: string;
  displayName: string;
  identityType: IdentityType;
  elderMode: boolean;
  phone: string | null;
  idNumber: string | null;
  enterpriseName: string | null;
  creditCode: string | null;
  /** Services of this citizen so far (all channels). */
  serviceCount: number;
}

export interface RevealView {
  field: RevealableField;
  value: string | null;
}
