import { Router } from 'express';
import type { HttpDeps } from '../../deps.js';

export function healthRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok', ...(await deps.health()) });
  });
  return router;
}
