/**
 * One audio/video call through the switch, as a session running small verbs (STYLE.md habit 5):
 * the citizen's leg is answered and hears the waiting announcement and hold music while the ACD
 * looks for a seat; the seat's softphone is called when the ACD offers it the contact; when the
 * seat answers both legs are bridged and recorded; a hangup on either side ends the other. A seat
 * holding the call puts the citizen on hold music; a transfer to a seat rings it while the first
 * seat still talks and swaps legs on its answer; a transfer to a queue sends the citizen back to
 * waiting with music. DTMF from one bridged leg is relayed to the other.
 *
 * Pure: `callStep(session, event)` returns the next session and the verbs, which an executor runs
 * on a media server (the embedded werift switch or FreeSWITCH over ESL) and whose results come
 * back as events. Every leg is recorded with its times and hang-up cause for the ticket.
 */

export type CallMedia = 'audio' | 'video';
export type LegRole = 'citizen' | 'seat';

/** SIP-ish causes as the ticket timeline shows them. */
export const HANGUP_CAUSES = [
  'normal', // one side hung up
  'citizen_cancelled', // the citizen hung up before a seat answered
  'no_answer', // the seat's softphone did not answer
  'rejected', // the seat declined
  'unreachable', // the seat's softphone is not registered / failed
  'media_failed', // ICE/DTLS never connected
  'transferred', // the seat handed the call to another seat
  'system', // the engine ended it (shutdown, admin)
] as const;
export type HangupCause = (typeof HANGUP_CAUSES)[number];
/** Why a rung seat did not take the call. */
export type SeatFailure = Extract<HangupCause, 'no_answer' | 'rejected' | 'unreachable'>;

export interface CallLeg {
  id: string;
  role: LegRole;
  /** The citizen's id, or the seat's. */
  partyId: string;
  /** When it was offered (INVITE sent or received), answered, ended (epoch ms). */
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  cause: HangupCause | null;
}

export type CallPhase = 'incoming' | 'waiting' | 'ringingSeat' | 'bridged' | 'held' | 'ended';

export interface CallSession {
  callId: string;
  conversationId: string;
  media: CallMedia;
  phase: CallPhase;
  /** Every leg, in order: the citizen's first, then each seat called. */
  legs: CallLeg[];
  /** The seat leg bridged to the citizen (bridged/held); seat legs ringing are the live unanswered ones. */
  seatLegId: string | null;
  /** A transfer in progress: the seat being rung while the current one still talks. */
  transferLegId: string | null;
  recording: boolean;
}

export type CallEvent =
  | { type: 'incoming'; at: number; legId: string; citizenId: string }
  | { type: 'seatOffered'; at: number; legId: string; seatId: string }
  | { type: 'seatAnswered'; at: number; legId: string }
  | { type: 'seatFailed'; at: number; legId: string; cause: SeatFailure }
  | { type: 'hold'; at: number }
  | { type: 'unhold'; at: number }
  | { type: 'transfer'; at: number; legId: string; seatId: string }
  /** The serving seat sent the contact back to a queue (工单流转 to a team or region). */
  | { type: 'requeued'; at: number }
  | { type: 'dtmf'; at: number; legId: string; tone: string }
  | { type: 'hangup'; at: number; legId: string; cause?: HangupCause }
  | { type: 'mediaFailed'; at: number; legId: string };

export type Verb =
  | { verb: 'answer'; legId: string }
  | { verb: 'play'; legId: string; clip: 'waiting' | 'holdMusic'; loop: boolean }
  | { verb: 'stopPlay'; legId: string }
  | { verb: 'enqueue'; conversationId: string }
  | { verb: 'dial'; legId: string; seatId: string }
  | { verb: 'bridge'; a: string; b: string }
  | { verb: 'unbridge'; a: string; b: string }
  /** Start recording these legs (each leg once; a leg joining later is added with its start time). */
  | { verb: 'record'; legIds: string[] }
  | { verb: 'stopRecording' }
  | { verb: 'hangup'; legId: string; cause: HangupCause }
  /** The ACD is told the seat did not take it (re-offer, pause the seat on no answer). */
  | { verb: 'requeue'; conversationId: string; seatId: string; cause: SeatFailure }
  /** The transfer target did not take it: its transfer offer lapses, the first seat keeps the call. */
  | { verb: 'lapseTransfer'; legId: string; seatId: string; cause: SeatFailure }
  | { verb: 'sendDtmf'; legId: string; tone: string }
  /** The call is over: the ticket gets the legs. */
  | { verb: 'finish'; legs: CallLeg[] };

export function newCallSession(callId: string, conversationId: string, media: CallMedia): CallSession {
  return {
    callId,
    conversationId,
    media,
    phase: 'incoming',
    legs: [],
    seatLegId: null,
    transferLegId: null,
    recording: false,
  };
}

export class CallStateError extends Error {}

function leg(session: CallSession, id: string): CallLeg | undefined {
  return session.legs.find((l) => l.id === id);
}

function citizenLeg(session: CallSession): CallLeg {
  const first = session.legs[0];
  if (!first || first.role !== 'citizen') throw new CallStateError('call has no citizen leg');
  return first;
}

function withLeg(session: CallSession, id: string, patch: Partial<CallLeg>): CallLeg[] {
  return session.legs.map((l) => (l.id === id ? { ...l, ...patch } : l));
}

const live = (l: CallLeg) => l.endedAt === null;

/** Seat legs ringing for the call (not a transfer): more than one when the queue rings all. */
export function ringingLegs(session: CallSession): CallLeg[] {
  return session.legs.filter(
    (l) => l.role === 'seat' && live(l) && l.answeredAt === null && l.id !== session.transferLegId,
  );
}

/** A seat leg just dialled: not answered, not ended. */
function seatLeg(id: string, seatId: string, at: number): CallLeg {
  return { id, role: 'seat', partyId: seatId, startedAt: at, answeredAt: null, endedAt: null, cause: null };
}

/** The next session and the verbs to run for one event. Events for an ended call change nothing. */
export function callStep(session: CallSession, event: CallEvent): { session: CallSession; verbs: Verb[] } {
  if (session.phase === 'ended') return { session, verbs: [] };
  switch (event.type) {
    case 'incoming': {
      if (session.legs.length > 0) throw new CallStateError('call already has a citizen leg');
      const citizen: CallLeg = {
        id: event.legId,
        role: 'citizen',
        partyId: event.citizenId,
        startedAt: event.at,
        answeredAt: event.at,
        endedAt: null,
        cause: null,
      };
      return {
        session: { ...session, phase: 'waiting', legs: [citizen] },
        verbs: [
          { verb: 'answer', legId: citizen.id },
          { verb: 'play', legId: citizen.id, clip: 'waiting', loop: false },
          { verb: 'play', legId: citizen.id, clip: 'holdMusic', loop: true },
          { verb: 'enqueue', conversationId: session.conversationId },
        ],
      };
    }
    case 'seatOffered': {
      // ring-all: more seats may be rung while the first ones ring
      if (session.phase !== 'waiting' && session.phase !== 'ringingSeat') {
        throw new CallStateError(`cannot ring a seat while ${session.phase}`);
      }
      if (ringingLegs(session).some((l) => l.partyId === event.seatId)) return { session, verbs: [] };
      const seat = seatLeg(event.legId, event.seatId, event.at);
      return {
        session: { ...session, phase: 'ringingSeat', legs: [...session.legs, seat] },
        verbs: [{ verb: 'dial', legId: seat.id, seatId: event.seatId }],
      };
    }
    case 'seatAnswered': {
      const citizen = citizenLeg(session);
      if (event.legId === session.transferLegId) return completeTransfer(session, event.legId, event.at);
      const ringing = ringingLegs(session);
      if (session.phase !== 'ringingSeat' || !ringing.some((l) => l.id === event.legId)) {
        throw new CallStateError('an answer from a seat leg that is not ringing');
      }
      // the first to answer takes it; the others stop ringing
      const others = ringing.filter((l) => l.id !== event.legId);
      const verbs: Verb[] = [
        ...others.map((l): Verb => ({ verb: 'hangup', legId: l.id, cause: 'system' })),
        { verb: 'stopPlay', legId: citizen.id },
        { verb: 'bridge', a: citizen.id, b: event.legId },
        // the citizen's leg is recorded from the first answer on; a seat after a re-queue joins it
        { verb: 'record', legIds: session.recording ? [event.legId] : [citizen.id, event.legId] },
      ];
      const legs = session.legs.map((l) => {
        if (l.id === event.legId) return { ...l, answeredAt: event.at };
        if (others.includes(l)) return { ...l, endedAt: event.at, cause: 'system' as const };
        return l;
      });
      return {
        session: { ...session, phase: 'bridged', recording: true, legs, seatLegId: event.legId },
        verbs,
      };
    }
    case 'seatFailed': {
      const failed = leg(session, event.legId);
      if (!failed || !live(failed)) return { session, verbs: [] };
      const legs = withLeg(session, event.legId, { endedAt: event.at, cause: event.cause });
      if (event.legId === session.transferLegId) {
        // the transfer target did not take it: the current seat keeps the call
        return {
          session: { ...session, legs, transferLegId: null },
          verbs: [{ verb: 'lapseTransfer', legId: event.legId, seatId: failed.partyId, cause: event.cause }],
        };
      }
      const stillRinging = ringingLegs({ ...session, legs }).length > 0;
      return {
        session: { ...session, phase: stillRinging ? 'ringingSeat' : 'waiting', legs },
        verbs: [
          {
            verb: 'requeue',
            conversationId: session.conversationId,
            seatId: failed.partyId,
            cause: event.cause,
          },
        ],
      };
    }
    case 'hold': {
      if (session.phase !== 'bridged' || !session.seatLegId) throw new CallStateError('nothing to hold');
      const citizen = citizenLeg(session);
      return {
        session: { ...session, phase: 'held' },
        verbs: [
          { verb: 'unbridge', a: citizen.id, b: session.seatLegId },
          { verb: 'play', legId: citizen.id, clip: 'holdMusic', loop: true },
        ],
      };
    }
    case 'unhold': {
      if (session.phase !== 'held' || !session.seatLegId) throw new CallStateError('the call is not held');
      const citizen = citizenLeg(session);
      return {
        session: { ...session, phase: 'bridged' },
        verbs: [
          { verb: 'stopPlay', legId: citizen.id },
          { verb: 'bridge', a: citizen.id, b: session.seatLegId },
        ],
      };
    }
    case 'transfer': {
      if (session.phase !== 'bridged' && session.phase !== 'held') {
        throw new CallStateError(`cannot transfer while ${session.phase}`);
      }
      if (session.transferLegId) throw new CallStateError('a transfer is already ringing');
      const target = seatLeg(event.legId, event.seatId, event.at);
      return {
        session: { ...session, legs: [...session.legs, target], transferLegId: target.id },
        verbs: [{ verb: 'dial', legId: target.id, seatId: event.seatId }],
      };
    }
    case 'requeued':
      return requeueCall(session, event.at);
    case 'dtmf': {
      if (session.phase !== 'bridged' || !session.seatLegId) return { session, verbs: [] };
      const citizen = citizenLeg(session);
      const to = event.legId === citizen.id ? session.seatLegId : event.legId === session.seatLegId ? citizen.id : null;
      return { session, verbs: to ? [{ verb: 'sendDtmf', legId: to, tone: event.tone }] : [] };
    }
    case 'mediaFailed':
      return endCall(session, event.legId, 'media_failed', event.at);
    case 'hangup': {
      const gone = leg(session, event.legId);
      if (!gone || !live(gone)) return { session, verbs: [] };
      if (event.legId === session.transferLegId) {
        return {
          session: {
            ...session,
            transferLegId: null,
            legs: withLeg(session, event.legId, { endedAt: event.at, cause: event.cause ?? 'rejected' }),
          },
          verbs: [],
        };
      }
      const talking = session.phase === 'bridged' || session.phase === 'held';
      const cause = event.cause ?? (gone.role === 'citizen' && !talking ? 'citizen_cancelled' : 'normal');
      return endCall(session, event.legId, cause, event.at);
    }
  }
}

/** The transfer target answered: it takes the citizen, the previous seat leaves. */
function completeTransfer(session: CallSession, targetLegId: string, at: number) {
  const citizen = citizenLeg(session);
  const previous = session.seatLegId;
  const verbs: Verb[] = [];
  if (previous) {
    verbs.push({ verb: 'unbridge', a: citizen.id, b: previous });
    verbs.push({ verb: 'hangup', legId: previous, cause: 'transferred' });
  }
  if (session.phase === 'held') verbs.push({ verb: 'stopPlay', legId: citizen.id });
  verbs.push({ verb: 'bridge', a: citizen.id, b: targetLegId });
  verbs.push({ verb: 'record', legIds: [targetLegId] });
  let legs = withLeg(session, targetLegId, { answeredAt: at });
  if (previous) legs = legs.map((l) => (l.id === previous ? { ...l, endedAt: at, cause: 'transferred' as const } : l));
  return {
    session: { ...session, phase: 'bridged' as const, legs, seatLegId: targetLegId, transferLegId: null },
    verbs,
  };
}

/**
 * The serving seat sent the contact back to a queue: its leg (and a transfer still ringing) ends,
 * the citizen hears the waiting notice and music again, and the ACD routes the contact anew.
 */
function requeueCall(session: CallSession, at: number) {
  if ((session.phase !== 'bridged' && session.phase !== 'held') || !session.seatLegId) {
    throw new CallStateError(`cannot re-queue while ${session.phase}`);
  }
  const citizen = citizenLeg(session);
  const seatLegId = session.seatLegId;
  const verbs: Verb[] = [];
  if (session.phase === 'bridged') verbs.push({ verb: 'unbridge', a: citizen.id, b: seatLegId });
  else verbs.push({ verb: 'stopPlay', legId: citizen.id });
  verbs.push({ verb: 'hangup', legId: seatLegId, cause: 'transferred' });
  if (session.transferLegId) verbs.push({ verb: 'hangup', legId: session.transferLegId, cause: 'system' });
  verbs.push(
    { verb: 'play', legId: citizen.id, clip: 'waiting', loop: false },
    { verb: 'play', legId: citizen.id, clip: 'holdMusic', loop: true },
    { verb: 'enqueue', conversationId: session.conversationId },
  );
  const legs = session.legs.map((l) => {
    if (l.id === seatLegId) return { ...l, endedAt: at, cause: 'transferred' as const };
    if (l.id === session.transferLegId) return { ...l, endedAt: at, cause: 'system' as const };
    return l;
  });
  return {
    session: { ...session, phase: 'waiting' as const, legs, seatLegId: null, transferLegId: null },
    verbs,
  };
}

/** One leg ended with `cause`: every other live leg is hung up, recording stops, the call finishes. */
function endCall(session: CallSession, legId: string, cause: HangupCause, at: number) {
  const verbs: Verb[] = [];
  const legs = session.legs.map((l) => {
    if (!live(l)) return l;
    if (l.id !== legId) verbs.push({ verb: 'hangup', legId: l.id, cause: l.answeredAt === null ? 'system' : cause });
    return { ...l, endedAt: at, cause: l.id === legId ? cause : l.answeredAt === null ? ('system' as const) : cause };
  });
  if (session.recording) verbs.push({ verb: 'stopRecording' });
  verbs.push({ verb: 'finish', legs });
  return {
    session: { ...session, phase: 'ended' as const, legs, seatLegId: null, transferLegId: null, recording: false },
    verbs,
  };
}

/** A leg's talk time in whole seconds (answered → ended), null when it never connected. */
export function legDurationSeconds(l: CallLeg): number | null {
  return l.answeredAt !== null && l.endedAt !== null ? Math.round((l.endedAt - l.answeredAt) / 1000) : null;
}
