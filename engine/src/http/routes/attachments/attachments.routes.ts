/**
 * Images and files in chat. Upload: `POST /api/conversations/:id/attachments?clientId=<uuid>`
 * with one multipart file, by the conversation's citizen or serving seat; the answer is the
 * message. Download: `GET /api/attachments/:id/:key`, the URL given in message views, for the
 * conversation's citizen and seat and staff whose data scope covers it — signed in (the staff
 * cookie; the citizen app downloads with its bearer token, in H5 and the mini-program alike).
 * The random key makes a URL unguessable even for someone signed in.
 */
import { timingSafeEqual } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES, uuidSchema } from '@cloud-seat/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { assertCanPost, findPosted, postMessage } from '../../../commands/messagePoster.js';
import { errors } from '../../../errors.js';
import { Attachment, Conversation } from '../../../models/index.js';
import type { HttpDeps } from '../../deps.js';
import { principalOf } from '../../middlewares/authenticate.js';
import { assertCanReadConversation } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { receiveUpload } from '../../uploads.js';
import { idParamSchema } from '../schema.js';

const uploadQuerySchema = z.object({ clientId: uuidSchema });
const downloadParamSchema = z.object({ id: uuidSchema, key: z.string().regex(/^[0-9a-f]{32}$/) });

export function attachmentRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.post('/conversations/:id/attachments', async (req, res) => {
    const principal = principalOf(res);
    const { id } = parse(idParamSchema, req.params);
    const { clientId } = parse(uploadQuerySchema, req.query);
    const posted = await findPosted(id, clientId);
    if (posted) {
      req.resume();
      res.json(posted);
      return;
    }
    await assertCanPost(principal, id);
    const upload = await receiveUpload(req, deps.blobs, MAX_ATTACHMENT_BYTES, deps.ctx.now());
    try {
      const { message, created } = await postMessage(deps.ctx, principal, id, {
        clientId,
        body: upload.name,
        attachment: upload,
      });
      if (!created) await deps.blobs.remove(upload.storageKey);
      res.status(created ? 201 : 200).json(message);
    } catch (err) {
      await deps.blobs.remove(upload.storageKey);
      throw err;
    }
  });

  router.get('/attachments/:id/:key', async (req, res) => {
    const principal = principalOf(res);
    const { id, key } = parse(downloadParamSchema, req.params);
    const attachment = await Attachment.findByPk(id);
    if (!attachment || !timingSafeEqual(Buffer.from(attachment.accessKey), Buffer.from(key))) {
      throw errors.notFound('附件');
    }
    const conversation = await Conversation.findByPk(attachment.conversationId, {
      attributes: ['citizenId', 'seatId', 'regionCode'],
    });
    if (!conversation) throw errors.notFound('附件');
    assertCanReadConversation(principal, conversation);
    const body = await deps.blobs.get(attachment.storageKey);
    if (!body) throw errors.notFound('附件');
    res.setHeader('Content-Type', attachment.mime);
    res.setHeader('Content-Length', String(attachment.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Never rendered as a page: no script, no plugins, no framing, whatever the bytes.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.setHeader(
      'Content-Disposition',
      `${attachment.kind === 'image' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
    );
    body.on('error', () => res.destroy());
    body.pipe(res);
  });

  return router;
}
