/**
 * The one place for typed errors: each has an HTTP status, a stable English code and a
 * Chinese message users can read. The HTTP error handler formats them.
 */
import type { ErrorCode } from '@cloud-seat/contracts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly userMessage: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (details: unknown, message = '请求内容不正确，请检查后重试') =>
    new AppError(400, 'VALIDATION_FAILED', message, details),
  unauthenticated: () => new AppError(401, 'UNAUTHENTICATED', '请先登录'),
  invalidCredentials: () => new AppError(401, 'INVALID_CREDENTIALS', '用户名或密码错误'),
  accountDisabled: () => new AppError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员'),
  forbidden: () => new AppError(403, 'FORBIDDEN', '您没有执行此操作的权限'),
  outOfScope: () => new AppError(403, 'OUT_OF_SCOPE', '该数据不在您的管辖区域内'),
  notFound: (what = '数据') => new AppError(404, 'NOT_FOUND', `${what}不存在或已删除`),
  callsUnavailable: () => new AppError(503, 'CALLS_UNAVAILABLE', '语音视频通话暂未开通'),
  callInProgress: () => new AppError(409, 'CALL_IN_PROGRESS', '该会话已有通话正在进行'),
  conflict: (message: string) => new AppError(409, 'CONFLICT', message),
  rateLimited: () => new AppError(429, 'RATE_LIMITED', '操作过于频繁，请稍后再试'),
  noSeatProfile: () => new AppError(403, 'NO_SEAT_PROFILE', '当前账号不是坐席账号'),
  invalidState: (message: string) => new AppError(409, 'INVALID_STATE', message),
  offerGone: () => new AppError(409, 'OFFER_GONE', '该会话已被其他坐席接入或已超时'),
  conversationEnded: () => new AppError(409, 'CONVERSATION_ENDED', '会话已结束'),
  alreadyEvaluated: () => new AppError(409, 'ALREADY_EVALUATED', '您已评价过本次服务'),
  payloadTooLarge: () => new AppError(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大'),
  slotInPast: (message: string) => new AppError(422, 'SLOT_IN_PAST', message),
  slotOutsideSchedule: (message: string) => new AppError(422, 'SLOT_OUTSIDE_SCHEDULE', message),
  slotFull: (message: string) => new AppError(409, 'SLOT_FULL', message),
  alreadyBooked: (message: string) => new AppError(409, 'ALREADY_BOOKED', message),
  appointmentSettled: (message: string) => new AppError(409, 'APPOINTMENT_SETTLED', message),
  catalogSyncRunning: () =>
    new AppError(409, 'CATALOG_SYNC_RUNNING', '已有一次事项同步或导入正在进行，请等它完成后再试'),
  catalogPlatformNotConfigured: () =>
    new AppError(
      409,
      'CATALOG_PLATFORM_NOT_CONFIGURED',
      '尚未配置事项库平台地址（CATALOG_PLATFORM_URL），请联系运维配置后再同步，或改用文件导入',
    ),
  catalogFileUnreadable: (message: string) => new AppError(400, 'CATALOG_FILE_UNREADABLE', message),
};

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
