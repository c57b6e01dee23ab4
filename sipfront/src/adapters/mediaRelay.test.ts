/**
 * The SIP front's media relay on the real rtpengine (Debian's rtpengine-daemon in userspace): with
 * two named interfaces, FreeSWITCH is offered the private side's address and the carrier gets the
 * public side's, as an SBC between a carrier and a private network must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rtpengineInstalled,
  startRtpengine,
  type RtpengineProcess,
} from '../../../engine/src/adapters/rtpengine/rtpengineProcess.js';
import { g711Sdp } from '../testing/sipText.js';
import { MediaRelay } from './mediaRelay.js';
import { parseHostPort } from '../domain/hostPort.js';

const connection = (sdp: string) => /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];

describe.skipIf(!rtpengineInstalled() && process.env.CI !== 'true')('MediaRelay on rtpengine', () => {
  let rtpengine: RtpengineProcess;
  let relay: MediaRelay;

  beforeAll(async () => {
    rtpengine = await startRtpengine({
      portMin: 32400,
      portMax: 32499,
      namedInterfaces: ['public/127.0.0.1', 'private/127.0.0.2'],
    });
    relay = new MediaRelay(parseHostPort(rtpengine.ngAddress, 22222), { carrier: 'public', freeswitch: 'private' });
  });

  afterAll(async () => {
    relay?.close();
    await rtpengine?.stop();
  });

  it('offers FreeSWITCH the private address and answers the carrier with the public one', async () => {
    const ids = { callId: `relay-${Date.now()}`, fromTag: 'carrier-tag' };
    const toFreeswitch = await relay.offer(ids, g711Sdp('carrier', '127.0.0.10', 40000));
    expect(connection(toFreeswitch)).toBe('127.0.0.2');
    const toCarrier = await relay.answer(ids, 'fs-tag', g711Sdp('FreeSWITCH', '127.0.0.21', 16500));
    expect(connection(toCarrier)).toBe('127.0.0.1');
    await relay.delete(ids);
  });
});
