/** Staff login/logout (cookie), citizen guest identity (bearer token), and who am I. */
import { guestRequestSchema, loginRequestSchema } from '@cloud-seat/contracts';
import { Router, type Response } from 'express';
import type { HttpDeps } from '../../deps.js';
import { STAFF_COOKIE, principalOf, type AuthLocals } from '../../middlewares/authenticate.js';
import { parse } from '../../middlewares/validate.js';

export function authRoutes(deps: HttpDeps): Router {
  const router = Router();
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: deps.config.cookieSecure, path: '/' };

  router.post('/auth/login', async (req, res) => {
    const body = parse(loginRequestSchema, req.body);
    const { token, expiresAt, me } = await deps.sessions.loginStaff(body.username, body.password, {
      ip: req.ip ?? 'unknown',
      userAgent: req.get('user-agent') ?? null,
    });
    res.cookie(STAFF_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    res.json(me);
  });

  router.post('/auth/logout', async (_req, res: Response) => {
    const locals = res.locals as AuthLocals;
    principalOf(res);
    if (locals.token) await deps.sessions.logout(locals.token);
    res.clearCookie(STAFF_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/auth/me', async (_req, res) => {
    res.json(await deps.sessions.me(principalOf(res)));
  });

  router.post('/auth/guest', async (req, res) => {
    const body = parse(guestRequestSchema, req.body ?? {});
    res.status(201).json(await deps.sessions.createGuest(body, req.get('user-agent') ?? null));
  });

  return router;
}
