/**
 * FreeSWITCH's own calls to the engine (SWITCH=freeswitch): the mod_xml_curl directory lookup
 * that authenticates softphones registering to its WSS profile. Not a staff or citizen API:
 * HTTP basic auth as user `freeswitch` with FREESWITCH_XML_CURL_SECRET; mounted before the
 * session middleware. Form-encoded, as mod_xml_curl posts; answers freeswitch/xml documents.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { directoryRequestSchema, NOT_FOUND_DOCUMENT } from '../../../adapters/freeswitch/directory.js';
import { errors } from '../../../errors.js';
import type { HttpDeps } from '../../deps.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Basic base64(freeswitch:<secret>)`, compared in constant time. */
function authorized(req: Request, secret: string): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  return timingSafeEqual(digest(given), digest(`freeswitch:${secret}`));
}

export function freeswitchRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }));

  router.post('/directory', async (req, res) => {
    const fs = deps.freeswitch;
    if (!fs || deps.config.switch.kind !== 'freeswitch') throw errors.notFound('接口');
    if (!authorized(req, deps.config.switch.xmlCurlSecret)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="freeswitch"');
      throw errors.unauthenticated();
    }
    res.type('text/xml; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    const parsed = directoryRequestSchema.safeParse(req.body);
    // anything but a well-formed directory lookup is "not found" to FreeSWITCH (it falls back to its files)
    res.send(parsed.success ? await fs.directory(parsed.data) : NOT_FOUND_DOCUMENT);
  });

  return router;
}
