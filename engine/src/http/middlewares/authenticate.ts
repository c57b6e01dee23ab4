/**
 * Finds the caller's session: `Authorization: Bearer <token>` (mini-program, H5) or the staff
 * cookie (agent-ui). Sets res.locals.principal / res.locals.token; never rejects by itself.
 */
import type { NextFunction, Request, Response } from 'express';
import type { SessionService } from '../../auth/sessions.js';
import type { Principal } from '../../domain/auth/permissions.js';
import { errors } from '../../errors.js';

export const STAFF_COOKIE = 'cs_staff';

export interface AuthLocals {
  principal?: Principal;
  token?: string;
  tokenSource?: 'bearer' | 'cookie';
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return out;
}

export function tokenFromRequest(headers: { authorization?: string | undefined; cookie?: string | undefined }) {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), source: 'bearer' as const };
  const cookie = parseCookies(headers.cookie)[STAFF_COOKIE];
  return cookie ? { token: cookie, source: 'cookie' as const } : null;
}

export function authenticate(sessions: SessionService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const found = tokenFromRequest(req.headers);
    if (found) {
      const principal = await sessions.resolve(found.token);
      if (principal) {
        const locals = res.locals as AuthLocals;
        locals.principal = principal;
        locals.token = found.token;
        locals.tokenSource = found.source;
      }
    }
    next();
  };
}

export function principalOf(res: Response): Principal {
  const principal = (res.locals as AuthLocals).principal;
  if (!principal) throw errors.unauthenticated();
  return principal;
}
