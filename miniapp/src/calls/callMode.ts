/**
 * 语音 / 视频 for citizens, the pure parts: where calls work, what the call panel says in each
 * phase, and the query that opens the chat page in call mode. Calls need WebRTC, so only the H5
 * build (also inside the mini-program's web-view) places them; the mini-program shows a hint.
 */
import { CALL_MEDIA, type CallMedia, type ConversationView, type SwitchCallPhase } from '@cloud-seat/contracts';

export const HOTLINE = '12345';

export type CallSupport = 'ok' | 'mini_program' | 'no_media';

/** `h5`: built for H5 (`// #ifdef H5`); `hasMedia`: the browser has getUserMedia and RTCPeerConnection. */
export function callSupport(h5: boolean, hasMedia: boolean): CallSupport {
  if (!h5) return 'mini_program';
  return hasMedia ? 'ok' : 'no_media';
}

export const CALL_SUPPORT_HINTS: Record<Exclude<CallSupport, 'ok'>, string> = {
  mini_program: `语音、视频通话请在网页版（H5）中使用，或拨打政务服务热线 ${HOTLINE}`,
  no_media: `当前浏览器不支持语音、视频通话，请更换浏览器或拨打政务服务热线 ${HOTLINE}`,
};

/** Where the citizen's own softphone is. */
export type CallLine = 'idle' | 'starting' | 'calling' | 'connected' | 'ended' | 'failed';

/**
 * What the panel shows: the line together with what the switch says (the switch answers at once
 * with music; only its call-state INFO says a seat is on the line — in a served chat too).
 */
export type CallPhase = 'idle' | 'starting' | 'waiting' | 'talking' | 'held' | 'ended' | 'failed';

export function callPhase(line: CallLine, switchPhase: SwitchCallPhase): CallPhase {
  switch (line) {
    case 'idle':
      return 'idle';
    case 'starting':
      return 'starting';
    case 'ended':
      return 'ended';
    case 'failed':
      return 'failed';
    case 'calling':
      return 'waiting';
    case 'connected':
      return switchPhase;
  }
}

/** 排队中，前面还有 2 位 / 您是下一位 (the queue standing the chat shows too). */
export function queuePlace(conversation: Pick<ConversationView, 'status' | 'queue'> | null): string {
  if (!conversation || conversation.status !== 'queued' || !conversation.queue) return '';
  const ahead = conversation.queue.position - 1;
  return ahead > 0 ? `前面还有 ${ahead} 位` : '您是下一位';
}

export function callStatusText(
  phase: CallPhase,
  media: CallMedia,
  conversation: Pick<ConversationView, 'status' | 'queue' | 'seat'> | null,
  error = '',
): string {
  const kind = media === 'video' ? '视频' : '语音';
  switch (phase) {
    case 'idle':
      return '';
    case 'starting':
      return `正在发起${kind}通话…`;
    case 'waiting': {
      if (conversation?.status === 'offered') return '坐席即将接听，请稍候…';
      const place = queuePlace(conversation);
      return `正在为您接通坐席${place ? `，${place}` : ''}，请稍候…`;
    }
    case 'talking':
      return `${conversation?.seat?.name ?? '坐席'}正在与您${kind}通话`;
    case 'held':
      return '坐席暂时保持了通话，请稍候，马上回来…';
    case 'ended':
      return '通话已结束';
    case 'failed':
      return error || '通话未能接通，请稍后重试';
  }
}

/** mm:ss (or h:mm:ss) since the seat answered. */
export function callClock(fromMs: number | null, nowMs: number): string {
  if (fromMs === null) return '';
  const total = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(total % 60)}` : `${pad(m)}:${pad(total % 60)}`;
}

/** `?call=audio|video` on the chat page: dial when it opens. */
export function callMediaOf(value: string | undefined | null): CallMedia | null {
  return (CALL_MEDIA as readonly string[]).includes(value ?? '') ? (value as CallMedia) : null;
}

/** 语音 / 视频 in a chat header: a seat is serving and no call is up. */
export function canUpgrade(
  conversation: Pick<ConversationView, 'status' | 'seat' | 'channel'> | null,
  phase: CallPhase,
): boolean {
  return (
    conversation?.status === 'active' &&
    conversation.seat !== null &&
    (phase === 'idle' || phase === 'ended' || phase === 'failed')
  );
}
