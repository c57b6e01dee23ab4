/**
 * The one error handler: AppErrors become their status + code + Chinese message; body-parser
 * errors become 400/413; anything else is logged and answered as a generic 500.
 */
import type { ErrorBody } from '@cloud-seat/contracts';
import type { NextFunction, Request, Response } from 'express';
import { AppError, errors, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    if (!appError) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    const e = appError ?? new AppError(500, 'INTERNAL', '服务暂时不可用，请稍后再试');
    const body: ErrorBody = {
      error: { code: e.code, message: e.userMessage, ...(e.details ? { details: e.details } : {}) },
    };
    res.status(e.status).json(body);
  };
}

function toAppError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  const e = err as { type?: string; status?: number } | null;
  if (e?.type === 'entity.too.large') return errors.payloadTooLarge();
  if (e?.type === 'entity.parse.failed') return errors.validation(undefined, '请求内容不是有效的 JSON');
  if (e?.status === 404) return errors.notFound('文件');
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return errors.validation(undefined);
  return null;
}
