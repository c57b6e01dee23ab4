/**
 * Audio/video calls (issue #7): a seat's softphone credentials, a citizen's call ticket, and
 * call recordings for staff who may read the conversation (its seat, or conversation.read
 * within the data scope). Signalling itself is SIP over WebSocket at /sip (adapters/switch).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { callHoldRequestSchema, startCallRequestSchema, type RecordingView } from '@cloud-seat/contracts';
import { Router } from 'express';
import { startCall } from '../../../commands/callStarter.js';
import { errors } from '../../../errors.js';
import { Recording, Seat } from '../../../models/index.js';
import type { HttpDeps } from '../../deps.js';
import { assertStaffCanReadConversation, requireCitizen, requireSeat } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';

export function presentRecording(r: Recording): RecordingView {
  return {
    id: r.id,
    conversationId: r.conversationId,
    media: r.media,
    durationSeconds: r.durationSeconds,
    createdAt: r.createdAt.toISOString(),
    url: `/api/recordings/${r.id}`,
  };
}

const CONTENT_TYPES: Record<string, string> = { '.ogg': 'audio/ogg', '.webm': 'video/webm', '.opus': 'audio/ogg' };

export function callRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.get('/seat/sip', async (_req, res) => {
    const { seatId } = requireSeat(res);
    const seat = await Seat.findByPk(seatId);
    if (!seat) throw errors.noSeatProfile();
    if (!deps.calls) throw errors.callsUnavailable();
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.calls.issueSeatCredentials(seat));
  });

  router.post('/conversations/:id/call', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(startCallRequestSchema, req.body);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await startCall(deps.calls, citizen, id, body));
  });

  /** 保持 / 恢复: the seat the call is bridged to; 409 when there is no such call (or nothing to resume). */
  router.put('/conversations/:id/call/hold', async (req, res) => {
    const { seatId } = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    const { held } = parse(callHoldRequestSchema, req.body);
    if (!deps.calls) throw errors.callsUnavailable();
    if (!(await deps.calls.hold(id, seatId, held))) {
      throw errors.invalidState(held ? '当前没有可保持的通话' : '通话未处于保持状态');
    }
    res.json({ held });
  });

  router.get('/conversations/:id/recordings', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await assertStaffCanReadConversation(res, id);
    const rows = await Recording.findAll({ where: { conversationId: id }, order: [['createdAt', 'ASC']] });
    res.json({ recordings: rows.map(presentRecording) });
  });

  /** The mixed audio, or the citizen leg's own file when ffmpeg was not there to mix. */
  router.get('/recordings/:id', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const recording = await Recording.findByPk(id);
    if (!recording) throw errors.notFound('录音');
    await assertStaffCanReadConversation(res, recording.conversationId);
    const entry =
      recording.files.find((f) => f.kind === 'mixed') ??
      recording.files.find((f) => f.role === 'citizen') ??
      recording.files[0];
    const root = deps.config.switch.kind !== 'off' ? deps.config.switch.recordingsDir : null;
    if (!entry || !root) throw errors.notFound('录音');
    const file = path.resolve(root, entry.path);
    if (!file.startsWith(path.resolve(root) + path.sep)) throw errors.notFound('录音');
    const info = await stat(file).catch(() => null);
    if (!info) throw errors.notFound('录音文件');
    res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `inline; filename="recording-${recording.id}${path.extname(file)}"`);
    const body = createReadStream(file);
    body.on('error', () => res.destroy());
    body.pipe(res);
  });

  return router;
}
