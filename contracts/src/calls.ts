/**
 * Audio/video calls (语音 / 视频) through the switch (issue #7): the SIP credentials a softphone
 * registers or calls with, a citizen's call ticket, and the call legs and recordings tickets show.
 */
import { z } from 'zod';

export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMedia = (typeof CALL_MEDIA)[number];
export const CALL_MEDIA_LABELS: Record<CallMedia, string> = { audio: '语音通话', video: '视频通话' };

/**
 * What a JsSIP user agent needs: register (seats) or call (citizens) over SIP-over-WebSocket on
 * the engine's own origin (`wsPath`, e.g. `/sip`), with a short-lived digest password.
 */
export interface SipCredentialsView {
  /** `sip:<user>@<domain>`. */
  uri: string;
  /** The digest user name. */
  authorizationUser: string;
  password: string;
  displayName: string;
  realm: string;
  /** Path of the SIP WebSocket on the engine's origin (`wss://host/sip` behind HTTPS). */
  wsPath: string;
  /**
   * An absolute SIP WebSocket URL when the softphone connects elsewhere than the engine's origin
   * (`SWITCH=freeswitch`: FreeSWITCH's WSS profile, e.g. `wss://fs.example.gov.cn:7443`); use it
   * instead of `wsPath` when present.
   */
  wsUrl?: string;
  expiresAt: string;
}

/**
 * Where the citizen's call stands on the switch, sent to the citizen's softphone in a SIP INFO of
 * the call (`{"phase":"talking"}`): the switch answers at once and plays the waiting notice and
 * music, so "connected" alone does not mean a seat is on the line.
 */
export const CALL_STATE_CONTENT_TYPE = 'application/vnd.cloud-seat.call-state+json';
export const SWITCH_CALL_PHASES = ['waiting', 'talking', 'held'] as const;
export type SwitchCallPhase = (typeof SWITCH_CALL_PHASES)[number];

/** The phase an INFO carries, or null when it is not a call-state INFO (or not valid). */
export function parseCallStateInfo(contentType: string | null | undefined, body: string): SwitchCallPhase | null {
  if (contentType?.split(';')[0]?.trim().toLowerCase() !== CALL_STATE_CONTENT_TYPE) return null;
  try {
    const phase: unknown = (JSON.parse(body) as { phase?: unknown }).phase;
    return (SWITCH_CALL_PHASES as readonly unknown[]).includes(phase) ? (phase as SwitchCallPhase) : null;
  } catch {
    return null;
  }
}

/** A citizen asks to call: in the hall (a new contact, queued by the ACD) or inside a chat with a seat. */
export const startCallRequestSchema = z.object({ media: z.enum(CALL_MEDIA) });
export type StartCallRequest = z.infer<typeof startCallRequestSchema>;

/** 保持 / 恢复 from the serving seat (the switch plays hold music to the citizen). */
export const callHoldRequestSchema = z.object({ held: z.boolean() });
export type CallHoldRequest = z.infer<typeof callHoldRequestSchema>;

/** What the citizen's app dials: `target` with `credentials`; the call carries the conversation. */
export interface CallTicketView {
  conversationId: string;
  media: CallMedia;
  /** The SIP URI to INVITE (`sip:call-<conversationId>@<domain>`). */
  target: string;
  credentials: SipCredentialsView;
}

export const CALL_HANGUP_CAUSE_LABELS: Record<string, string> = {
  normal: '正常挂断',
  citizen_cancelled: '群众挂断（未接通）',
  no_answer: '坐席未接听',
  rejected: '坐席拒接',
  unreachable: '坐席软电话不可达',
  media_failed: '媒体连接失败',
  transferred: '已转接',
  system: '系统结束',
};

/** One leg of a call on the ticket timeline (data of a `call_leg` step). */
export interface CallLegView {
  role: 'citizen' | 'seat';
  partyId: string;
  name: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  cause: string | null;
}

/** A call's recording: playable by staff who may read the ticket (the URL checks again). */
export interface RecordingView {
  id: string;
  conversationId: string;
  media: CallMedia;
  durationSeconds: number | null;
  createdAt: string;
  url: string;
}
