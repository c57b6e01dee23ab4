import { describe, expect, it } from 'vitest';
import {
  callStep,
  legDurationSeconds,
  newCallSession,
  type CallEvent,
  type CallSession,
  type Verb,
} from './callSession.js';

function run(events: CallEvent[], start: CallSession = newCallSession('call-1', 'conv-1', 'video')) {
  let session = start;
  const verbs: Verb[][] = [];
  for (const e of events) {
    const next = callStep(session, e);
    session = next.session;
    verbs.push(next.verbs);
  }
  return { session, verbs };
}

const incoming: CallEvent = { type: 'incoming', at: 0, legId: 'A', citizenId: 'cit-1' };
const offered: CallEvent = { type: 'seatOffered', at: 5_000, legId: 'B', seatId: 'seat-1' };
const answered: CallEvent = { type: 'seatAnswered', at: 8_000, legId: 'B' };

describe('a citizen call through the switch', () => {
  it('answers, plays the waiting notice and hold music, enqueues; rings the offered seat; bridges and records', () => {
    const { session, verbs } = run([incoming, offered, answered]);
    expect(verbs[0]).toEqual([
      { verb: 'answer', legId: 'A' },
      { verb: 'play', legId: 'A', clip: 'waiting', loop: false },
      { verb: 'play', legId: 'A', clip: 'holdMusic', loop: true },
      { verb: 'enqueue', conversationId: 'conv-1' },
    ]);
    expect(verbs[1]).toEqual([{ verb: 'dial', legId: 'B', seatId: 'seat-1' }]);
    expect(verbs[2]).toEqual([
      { verb: 'stopPlay', legId: 'A' },
      { verb: 'bridge', a: 'A', b: 'B' },
      { verb: 'record', legIds: ['A', 'B'] },
    ]);
    expect(session).toMatchObject({ phase: 'bridged', seatLegId: 'B', recording: true });
  });

  it('a hangup on either side ends the other, stops recording and finishes with both legs', () => {
    const { session, verbs } = run([incoming, offered, answered, { type: 'hangup', at: 68_000, legId: 'A' }]);
    expect(verbs[3]!.slice(0, 2)).toEqual([{ verb: 'hangup', legId: 'B', cause: 'normal' }, { verb: 'stopRecording' }]);
    const finish = verbs[3]![2] as Extract<Verb, { verb: 'finish' }>;
    expect(finish.legs.map((l) => [l.role, l.cause, legDurationSeconds(l)])).toEqual([
      ['citizen', 'normal', 68],
      ['seat', 'normal', 60],
    ]);
    expect(session.phase).toBe('ended');
    // later events of an ended call change nothing
    expect(callStep(session, { type: 'hangup', at: 70_000, legId: 'B' }).verbs).toEqual([]);
  });

  it('a citizen hanging up while waiting is cancelled; a ringing seat is released', () => {
    const { verbs } = run([incoming, offered, { type: 'hangup', at: 6_000, legId: 'A' }]);
    const finish = verbs[2]!.at(-1) as Extract<Verb, { verb: 'finish' }>;
    expect(verbs[2]![0]).toEqual({ verb: 'hangup', legId: 'B', cause: 'system' });
    expect(finish.legs.map((l) => l.cause)).toEqual(['citizen_cancelled', 'system']);
    expect(verbs[2]).not.toContainEqual({ verb: 'stopRecording' });
  });

  it('a seat that does not answer goes back to the ACD and the citizen keeps waiting', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      { type: 'seatFailed', at: 25_000, legId: 'B', cause: 'no_answer' },
    ]);
    expect(verbs[2]).toEqual([{ verb: 'requeue', conversationId: 'conv-1', seatId: 'seat-1', cause: 'no_answer' }]);
    expect(session).toMatchObject({ phase: 'waiting', seatLegId: null });
    // the next seat can be rung
    const next = callStep(session, { type: 'seatOffered', at: 30_000, legId: 'C', seatId: 'seat-2' });
    expect(next.verbs).toEqual([{ verb: 'dial', legId: 'C', seatId: 'seat-2' }]);
  });

  it('ring-all rings several seats; the first to answer takes the call, the others stop ringing', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      { type: 'seatOffered', at: 5_001, legId: 'C', seatId: 'seat-2' },
      { type: 'seatOffered', at: 5_002, legId: 'D', seatId: 'seat-3' },
      { type: 'seatOffered', at: 5_003, legId: 'E', seatId: 'seat-2' },
      { type: 'seatFailed', at: 6_000, legId: 'D', cause: 'rejected' },
      { type: 'seatAnswered', at: 8_000, legId: 'C' },
    ]);
    expect(verbs[2]).toEqual([{ verb: 'dial', legId: 'C', seatId: 'seat-2' }]);
    expect(verbs[4]).toEqual([]); // seat-2 rings already
    expect(verbs[5]).toEqual([{ verb: 'requeue', conversationId: 'conv-1', seatId: 'seat-3', cause: 'rejected' }]);
    expect(verbs[6]).toEqual([
      { verb: 'hangup', legId: 'B', cause: 'system' },
      { verb: 'stopPlay', legId: 'A' },
      { verb: 'bridge', a: 'A', b: 'C' },
      { verb: 'record', legIds: ['A', 'C'] },
    ]);
    expect(session.legs.map((l) => [l.id, l.cause])).toEqual([
      ['A', null],
      ['B', 'system'],
      ['C', null],
      ['D', 'rejected'],
    ]);
    expect(session).toMatchObject({ phase: 'bridged', seatLegId: 'C' });
  });

  it('a ringing seat failing leaves the call ringing the others, and waiting when none is left', () => {
    const both = run([incoming, offered, { type: 'seatOffered', at: 5_001, legId: 'C', seatId: 'seat-2' }]);
    const one = callStep(both.session, { type: 'seatFailed', at: 6_000, legId: 'B', cause: 'no_answer' });
    expect(one.session.phase).toBe('ringingSeat');
    const none = callStep(one.session, { type: 'seatFailed', at: 6_500, legId: 'C', cause: 'rejected' });
    expect(none.session.phase).toBe('waiting');
  });

  it('hold plays music to the citizen; unhold bridges again', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      answered,
      { type: 'hold', at: 10_000 },
      { type: 'unhold', at: 20_000 },
    ]);
    expect(verbs[3]).toEqual([
      { verb: 'unbridge', a: 'A', b: 'B' },
      { verb: 'play', legId: 'A', clip: 'holdMusic', loop: true },
    ]);
    expect(verbs[4]).toEqual([
      { verb: 'stopPlay', legId: 'A' },
      { verb: 'bridge', a: 'A', b: 'B' },
    ]);
    expect(session.phase).toBe('bridged');
  });

  it('a transfer rings the next seat while the first talks; its answer swaps the legs', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      answered,
      { type: 'transfer', at: 30_000, legId: 'C', seatId: 'seat-2' },
      { type: 'seatAnswered', at: 34_000, legId: 'C' },
    ]);
    expect(verbs[3]).toEqual([{ verb: 'dial', legId: 'C', seatId: 'seat-2' }]);
    expect(verbs[4]).toEqual([
      { verb: 'unbridge', a: 'A', b: 'B' },
      { verb: 'hangup', legId: 'B', cause: 'transferred' },
      { verb: 'bridge', a: 'A', b: 'C' },
      { verb: 'record', legIds: ['C'] },
    ]);
    expect(session).toMatchObject({ phase: 'bridged', seatLegId: 'C', transferLegId: null });
    expect(session.legs.find((l) => l.id === 'B')).toMatchObject({ cause: 'transferred', endedAt: 34_000 });
  });

  it('a declined transfer leaves the call with the first seat and lapses the transfer offer', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      answered,
      { type: 'transfer', at: 30_000, legId: 'C', seatId: 'seat-2' },
      { type: 'seatFailed', at: 40_000, legId: 'C', cause: 'rejected' },
    ]);
    expect(verbs[4]).toEqual([{ verb: 'lapseTransfer', legId: 'C', seatId: 'seat-2', cause: 'rejected' }]);
    expect(session).toMatchObject({ phase: 'bridged', seatLegId: 'B', transferLegId: null });
  });

  it('a transfer to a queue ends the seat leg, the citizen waits with music, the next seat joins the recording', () => {
    const { session, verbs } = run([
      incoming,
      offered,
      answered,
      { type: 'transfer', at: 20_000, legId: 'C', seatId: 'seat-2' },
      { type: 'requeued', at: 30_000 },
      { type: 'seatOffered', at: 35_000, legId: 'D', seatId: 'seat-3' },
      { type: 'seatAnswered', at: 38_000, legId: 'D' },
    ]);
    expect(verbs[4]).toEqual([
      { verb: 'unbridge', a: 'A', b: 'B' },
      { verb: 'hangup', legId: 'B', cause: 'transferred' },
      { verb: 'hangup', legId: 'C', cause: 'system' },
      { verb: 'play', legId: 'A', clip: 'waiting', loop: false },
      { verb: 'play', legId: 'A', clip: 'holdMusic', loop: true },
      { verb: 'enqueue', conversationId: 'conv-1' },
    ]);
    expect(verbs[6]).toEqual([
      { verb: 'stopPlay', legId: 'A' },
      { verb: 'bridge', a: 'A', b: 'D' },
      { verb: 'record', legIds: ['D'] },
    ]);
    expect(session.legs.map((l) => [l.id, l.cause])).toEqual([
      ['A', null],
      ['B', 'transferred'],
      ['C', 'system'],
      ['D', null],
    ]);
    expect(session).toMatchObject({ phase: 'bridged', seatLegId: 'D', recording: true });
  });

  it('a held call re-queued stops the hold music before the waiting notice', () => {
    const { verbs } = run([
      incoming,
      offered,
      answered,
      { type: 'hold', at: 10_000 },
      { type: 'requeued', at: 12_000 },
    ]);
    expect(verbs[4]!.slice(0, 2)).toEqual([
      { verb: 'stopPlay', legId: 'A' },
      { verb: 'hangup', legId: 'B', cause: 'transferred' },
    ]);
  });

  it('relays DTMF between the bridged legs, and only while bridged', () => {
    const tone = (legId: string, t = '5'): CallEvent => ({ type: 'dtmf', at: 9_000, legId, tone: t });
    const { verbs } = run([
      incoming,
      tone('A'),
      offered,
      answered,
      tone('B', '#'),
      tone('A', '1'),
      tone('X'),
      { type: 'hold', at: 10_000 },
      tone('B'),
    ]);
    expect(verbs[1]).toEqual([]);
    expect(verbs[4]).toEqual([{ verb: 'sendDtmf', legId: 'A', tone: '#' }]);
    expect(verbs[5]).toEqual([{ verb: 'sendDtmf', legId: 'B', tone: '1' }]);
    expect(verbs[6]).toEqual([]);
    expect(verbs[8]).toEqual([]);
  });

  it('media that never connects ends the call', () => {
    const { session, verbs } = run([incoming, { type: 'mediaFailed', at: 10_000, legId: 'A' }]);
    expect(session.phase).toBe('ended');
    expect((verbs[1]!.at(-1) as Extract<Verb, { verb: 'finish' }>).legs[0]!.cause).toBe('media_failed');
  });

  it('refuses events out of order', () => {
    expect(() => run([offered])).toThrow(/cannot ring a seat/);
    expect(() => run([incoming, { type: 'hold', at: 1 }])).toThrow(/nothing to hold/);
    expect(() => run([incoming, answered])).toThrow(/not ringing/);
    expect(() => run([incoming, { type: 'requeued', at: 1 }])).toThrow(/cannot re-queue while waiting/);
  });
});
