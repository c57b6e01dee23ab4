/**
 * CSRF defence for cookie-authenticated writes: the Origin (or Referer) must be this server.
 * Bearer-token requests are not sent automatically by browsers and need no check.
 */
import type { NextFunction, Request, Response } from 'express';
import { errors } from '../../errors.js';
import { parseCookies, STAFF_COOKIE } from './authenticate.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginForCookieWrites(allowedOrigins: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization?.startsWith('Bearer ')) return next();
    if (!parseCookies(req.headers.cookie)[STAFF_COOKIE]) return next();
    const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
    const self = `${req.protocol}://${req.headers.host}`;
    if (origin && (origin === self || allowedOrigins.includes(origin))) return next();
    next(errors.forbidden());
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
