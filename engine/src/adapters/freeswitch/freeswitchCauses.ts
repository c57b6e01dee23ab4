/**
 * FreeSWITCH's words and ours: hang-up causes both ways (Q.850 names as FreeSWITCH reports them
 * in `Hangup-Cause` and `-ERR <cause>` of an originate job) and the dial string of a seat leg.
 * Pure.
 */
import type { CallMedia } from '@cloud-seat/contracts';
import type { HangupCause, SeatFailure } from '../../domain/calls/callSession.js';

const REJECTED = new Set(['USER_BUSY', 'CALL_REJECTED', 'NORMAL_CLEARING']);
const NO_ANSWER = new Set([
  'NO_ANSWER',
  'NO_USER_RESPONSE',
  'ALLOTTED_TIMEOUT',
  'ORIGINATOR_CANCEL',
  'PROGRESS_TIMEOUT',
]);

/**
 * Why a seat leg that never answered ended: busy or declined (`rejected`), not answered in time
 * (`no_answer`), anything else — not registered, absent, a network failure — `unreachable`.
 * A softphone's 603 Decline arrives as CALL_REJECTED, 486 as USER_BUSY.
 */
export function failureCause(fsCause: string): SeatFailure {
  if (REJECTED.has(fsCause)) return 'rejected';
  if (NO_ANSWER.has(fsCause)) return 'no_answer';
  return 'unreachable';
}

/**
 * The cause of a leg that ended on its own (the far end hung up): left to the session for a
 * normal clearing (it tells `normal` from `citizen_cancelled`), media loss as `media_failed`.
 */
export function legHangupCause(fsCause: string): HangupCause | undefined {
  if (fsCause === 'MEDIA_TIMEOUT' || fsCause === 'INCOMPATIBLE_DESTINATION') return 'media_failed';
  if (fsCause === 'ORIGINATOR_CANCEL') return 'citizen_cancelled';
  return undefined;
}

/** The cause sent with `uuid_kill` for a leg the session hangs up. */
export function freeswitchCause(cause: HangupCause, answered: boolean): string {
  if (!answered) return 'ORIGINATOR_CANCEL';
  switch (cause) {
    case 'rejected':
      return 'CALL_REJECTED';
    case 'no_answer':
      return 'NO_ANSWER';
    case 'unreachable':
      return 'SUBSCRIBER_ABSENT';
    case 'media_failed':
      return 'MEDIA_TIMEOUT';
    default:
      return 'NORMAL_CLEARING';
  }
}

/** A channel variable value inside `{…}`: FreeSWITCH splits on commas, quotes with single quotes. */
function quoted(value: string): string {
  return `'${value.replace(/[',{}\r\n]/g, ' ')}'`;
}

/**
 * `originate {vars}user/<user>@<domain> &park()`: the directory finds the softphone's registered
 * WSS contact; the leg is parked on answer for the engine to bridge. The softphone sees the
 * citizen's name and the same X-Conversation-Id / X-Call-Media headers as from the embedded switch.
 * A softphone registered on another FreeSWITCH of the pool (`via`: that server's external profile)
 * is reached through it: `sofia/external/<user>@<via>`, which its public dialplan bridges to the
 * user (dialplan/public.xml, cloud-seat-interconnect).
 */
export function dialString(leg: {
  legId: string;
  conversationId: string;
  media: CallMedia;
  callerName: string;
  user: string;
  domain: string;
  ringSeconds: number;
  via?: string | null;
}): string {
  const vars = [
    `origination_uuid=${leg.legId}`,
    `cloud_seat_kind=seat`,
    `cloud_seat_conversation=${leg.conversationId}`,
    `origination_caller_id_name=${quoted(leg.callerName)}`,
    `origination_caller_id_number=call-${leg.conversationId}`,
    `originate_timeout=${leg.ringSeconds}`,
    `park_after_bridge=true`,
    `sip_h_X-Conversation-Id=${leg.conversationId}`,
    `sip_h_X-Call-Media=${leg.media}`,
  ];
  const endpoint = leg.via ? `sofia/external/${leg.user}@${leg.via}` : `user/${leg.user}@${leg.domain}`;
  return `originate {${vars.join(',')}}${endpoint} &park()`;
}
