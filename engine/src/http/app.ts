/**
 * The Express application: security headers, JSON bodies, the API routes, the built web apps,
 * and one error handler.
 */
import fs from 'node:fs';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { errors } from '../errors.js';
import type { HttpDeps } from './deps.js';
import { authenticate } from './middlewares/authenticate.js';
import { errorHandler } from './middlewares/errorHandler.js';
import { sameOriginForCookieWrites } from './middlewares/originCheck.js';
import { assistantRoutes } from './routes/assistant/assistant.routes.js';
import { callRoutes } from './routes/calls/calls.routes.js';
import { attachmentRoutes } from './routes/attachments/attachments.routes.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { catalogRoutes } from './routes/catalog/catalog.routes.js';
import { COBROWSE_EVENTS_PATH, cobrowseEventsBody, cobrowseRoutes } from './routes/cobrowse/cobrowse.routes.js';
import { citizenRoutes } from './routes/citizen/citizen.routes.js';
import { citizenProfileRoutes } from './routes/citizenProfiles/citizenProfiles.routes.js';
import { conversationRoutes } from './routes/conversations/conversations.routes.js';
import { freeswitchRoutes } from './routes/freeswitch/freeswitch.routes.js';
import { healthRoutes } from './routes/health/health.routes.js';
import { catalogCurationRoutes } from './routes/matters/curation.routes.js';
import { matterRoutes } from './routes/matters/matters.routes.js';
import { offerRoutes } from './routes/offers/offers.routes.js';
import { quickReplyRoutes } from './routes/quickReplies/quickReplies.routes.js';
import { regionRoutes } from './routes/regions/regions.routes.js';
import { seatRoutes } from './routes/seat/seat.routes.js';
import { ticketRoutes } from './routes/tickets/tickets.routes.js';

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          mediaSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // FreeSWITCH's directory lookups (own basic auth, form bodies), before the session middleware
  app.use('/api/freeswitch', freeswitchRoutes(deps));
  const api = express.Router();
  api.use(authenticate(deps.sessions));
  api.post(COBROWSE_EVENTS_PATH, cobrowseEventsBody); // a page's full snapshot: larger bodies, citizens only
  api.use(express.json({ limit: '64kb' }));
  api.use(sameOriginForCookieWrites([deps.config.publicUrl]));
  for (const routes of [
    healthRoutes,
    regionRoutes,
    matterRoutes,
    catalogCurationRoutes,
    authRoutes,
    conversationRoutes,
    citizenRoutes,
    citizenProfileRoutes,
    seatRoutes,
    offerRoutes,
    attachmentRoutes,
    quickReplyRoutes,
    ticketRoutes,
    catalogRoutes,
    assistantRoutes,
    callRoutes,
    cobrowseRoutes,
  ]) {
    api.use(routes(deps));
  }
  api.use(() => {
    throw errors.notFound('接口');
  });
  app.use('/api', api);

  app.use(
    '/assets',
    express.static(deps.config.assetsDir, {
      fallthrough: false,
      setHeaders(res) {
        // Our own artwork only; still never let an SVG run script.
        res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        res.setHeader('Cache-Control', 'public, max-age=86400');
      },
    }),
  );
  serveWebApp(app, '/agent', deps.config.agentUiDist);
  serveWebApp(app, '/h5', deps.config.citizenH5Dist);
  app.get('/', (_req, res) => res.redirect('/h5/'));

  app.use(errorHandler(deps.ctx.logger));
  return app;
}

/** Serves a built single-page app (hash routing) with long caching for its hashed assets. */
function serveWebApp(app: Express, mount: string, dir: string): void {
  if (!fs.existsSync(dir)) {
    app.get([mount, `${mount}/*rest`], (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send(`${mount} 尚未构建：请先运行 npm run build`);
    });
    return;
  }
  app.use(
    mount,
    express.static(dir, {
      index: 'index.html',
      setHeaders(res, filePath) {
        if (filePath.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
        else if (/[.-][0-9a-zA-Z_-]{8,}\.(js|css)$/.test(filePath))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
}
