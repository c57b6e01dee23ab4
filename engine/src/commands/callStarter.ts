/**
 * A citizen asks to call (语音 / 视频): in the hall (a call contact, queued or offered by the
 * ACD) or inside a chat a seat serves. The answer is what the citizen's softphone dials, with
 * credentials good for this one call; the switch checks the conversation again on the INVITE.
 */
import type { CallTicketView, StartCallRequest } from '@cloud-seat/contracts';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import type { CallSwitch } from './context.js';
import { errors } from '../errors.js';
import { Conversation } from '../models/index.js';

export async function startCall(
  calls: CallSwitch | null,
  principal: CitizenPrincipal,
  conversationId: string,
  request: StartCallRequest,
): Promise<CallTicketView> {
  const conversation = await Conversation.findByPk(conversationId);
  if (!conversation || conversation.citizenId !== principal.citizenId) throw errors.notFound('会话');
  if (conversation.status === 'ended' || conversation.status === 'abandoned') throw errors.conversationEnded();
  const inHall = conversation.status === 'queued' || conversation.status === 'offered';
  const inChat = conversation.status === 'active' && conversation.seatId !== null;
  if (!inHall && !inChat) throw errors.invalidState('智能助手接待中的会话不能发起通话，请先转人工');
  if (inHall && conversation.channel === 'chat') {
    throw errors.invalidState('排队中的在线咨询不能发起通话，请在坐席接入后再试');
  }
  if (!calls) throw errors.callsUnavailable();
  if (calls.hasCall(conversationId)) throw errors.callInProgress();
  const { target, credentials } = await calls.issueCitizenCall(
    { conversationId, citizenId: principal.citizenId, media: request.media },
    principal.displayName,
  );
  return { conversationId, media: request.media, target, credentials };
}
