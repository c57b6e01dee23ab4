/**
 * What engines driving one FreeSWITCH pool share, on the real Redis: passwords, grants and
 * channel claims (RedisSwitchState, the same cases as the in-memory state), and the pub/sub bus
 * between two engines (SwitchCluster): signals, calls on each, hold requests, malformed messages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { connectRedis, type Redis } from '../redis/redis.js';
import { MemorySwitchState, RedisSwitchState, type SwitchSharedState } from './sharedState.js';
import { SwitchCluster, type ClusterCall, type ClusterSignal } from './switchCluster.js';
import { sleep, until } from '../../../test/until.js';

const redisUrl = inject('redisUrl');
const logger = createLogger('silent');
const domain = `cluster-${randomBytes(4).toString('hex')}.test`;
const clients: Redis[] = [];
const connect = (name: string) => {
  const client = connectRedis(redisUrl!, name);
  clients.push(client);
  return client;
};

afterAll(() => {
  for (const client of clients) client.disconnect();
});

const grant = { conversationId: '4c1c3f9e-7d0a-4a57-9a55-1f6f3b1e2c11', citizenId: 'c1', media: 'audio' as const };

function sharedStateCases(name: string, make: () => { a: SwitchSharedState; b: SwitchSharedState }) {
  describe(name, () => {
    it('a password issued by one engine is the one every engine looks up, until it expires', async () => {
      const { a, b } = make();
      const password = await a.issuePassword('seat-ds001', 60_000);
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(await b.lookup('seat-ds001')).toEqual({ password });
      const next = await b.issuePassword('seat-ds001', 60_000);
      expect(next).not.toBe(password);
      expect(await a.lookup('seat-ds001')).toEqual({ password: next });
      await a.issuePassword('seat-short', 30);
      await sleep(60);
      b.sweep();
      expect(await b.lookup('seat-short')).toBeNull();
      expect(await b.lookup('seat-nobody')).toBeNull();
    });

    it('a grant is used up once, whichever engines take it at the same time', async () => {
      const { a, b } = make();
      await a.putGrant('citizen-1', { ...grant, issuedAt: 1 }, 60_000);
      expect(await b.grant('citizen-1')).toEqual({ ...grant, issuedAt: 1 });
      const taken = await Promise.all([a.takeGrant('citizen-1'), b.takeGrant('citizen-1'), b.takeGrant('citizen-1')]);
      expect(taken.filter(Boolean)).toHaveLength(1);
      expect(await a.grant('citizen-1')).toBeNull();
    });

    it('exactly one engine claims a parked channel; the claim lapses after its time', async () => {
      const { a, b } = make();
      const claims = await Promise.all([
        a.claim('channel:u1', 50),
        b.claim('channel:u1', 50),
        a.claim('channel:u1', 50),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      await sleep(80);
      expect(await b.claim('channel:u1', 50)).toBe(true);
    });
  });
}

sharedStateCases('MemorySwitchState (one engine)', () => {
  const state = new MemorySwitchState();
  return { a: state, b: state };
});

describe.skipIf(!redisUrl)('on Redis', () => {
  sharedStateCases('RedisSwitchState (two engines)', () => ({
    a: new RedisSwitchState(connect('state-a'), domain),
    b: new RedisSwitchState(connect('state-b'), domain),
  }));

  it('ignores a grant that is not its own JSON', async () => {
    const redis = connect('state-junk');
    await redis.set(`cloud-seat:switch:${domain}:grant:citizen-junk`, '{not json', 'PX', 60_000);
    expect(await new RedisSwitchState(redis, domain).grant('citizen-junk')).toBeNull();
  });

  describe('SwitchCluster (two engines on one channel)', () => {
    const channel = `cloud-seat:switch:${domain}`;
    let a: SwitchCluster;
    let b: SwitchCluster;
    const signalsAtA: ClusterSignal[] = [];
    const signalsAtB: ClusterSignal[] = [];
    let callsAtA: ClusterCall[] = [];
    const holdsAtA: [string, string, boolean][] = [];

    beforeAll(async () => {
      const options = (name: string) => ({
        redis: connect(`${name}-pub`),
        subscriber: connect(`${name}-sub`),
        channel,
        logger,
        announceEveryMs: 100,
        forgetAfterMs: 400,
        holdTimeoutMs: 500,
      });
      a = new SwitchCluster(options('a'));
      b = new SwitchCluster(options('b'));
      await a.start({
        signal: (s) => signalsAtA.push(s),
        hold: (conversationId, seatId, held) => {
          if (!callsAtA.some((c) => c.conversationId === conversationId)) return null;
          holdsAtA.push([conversationId, seatId, held]);
          return Promise.resolve(seatId === 'seat-1');
        },
        calls: () => callsAtA,
      });
      await b.start({ signal: (s) => signalsAtB.push(s), hold: () => null, calls: () => [] });
    });

    afterAll(async () => {
      await b?.close();
    });

    it('delivers a signal to the other engines, not back to its sender', async () => {
      b.signal({ kind: 'offered', conversationId: 'conv-1', offerId: 'offer-1', seatId: 'seat-1' });
      await until(async () => signalsAtA.length === 1);
      expect(signalsAtA[0]).toEqual({
        kind: 'offered',
        conversationId: 'conv-1',
        offerId: 'offer-1',
        seatId: 'seat-1',
      });
      expect(signalsAtB).toEqual([]);
    });

    it('knows the calls and seats of the other engine, and forgets an engine that stops saying them', async () => {
      callsAtA = [{ conversationId: 'conv-1', seatIds: ['seat-1'] }];
      await until(async () => b.hasRemoteCall('conv-1'));
      expect(b.remoteSeatsOnCall()).toEqual(['seat-1']);
      expect(a.hasRemoteCall('conv-1')).toBe(false); // its own calls are not "remote"
      expect(b.hasRemoteCall('conv-2')).toBe(false);
    });

    it('asks the engine holding a call to hold it; false when nobody holds it or nobody answers', async () => {
      expect(await b.hold('conv-1', 'seat-1', true)).toBe(true);
      expect(await b.hold('conv-1', 'seat-2', true)).toBe(false); // not the serving seat
      expect(holdsAtA).toEqual([
        ['conv-1', 'seat-1', true],
        ['conv-1', 'seat-2', true],
      ]);
      expect(await b.hold('conv-9', 'seat-1', false)).toBe(false); // timed out: no engine holds it
    });

    it('drops malformed messages and keeps working', async () => {
      const raw = connect('junk');
      await raw.publish(channel, '{"type":"signal","from":"x","signal":{"kind":"explode"}}');
      await raw.publish(channel, 'not json at all');
      b.signal({ kind: 'ended', conversationId: 'conv-1' });
      await until(async () => signalsAtA.length === 2);
      expect(signalsAtA[1]).toEqual({ kind: 'ended', conversationId: 'conv-1' });
    });

    it('an engine that leaves is forgotten at once', async () => {
      await a.close();
      await until(async () => !b.hasRemoteCall('conv-1'), 2000);
      expect(b.remoteSeatsOnCall()).toEqual([]);
    });
  });
});
