import { conversationView } from '@cloud-seat/contracts/testing';
import { describe, expect, it } from 'vitest';
import {
  CALL_SUPPORT_HINTS,
  callClock,
  callMediaOf,
  callPhase,
  callStatusText,
  callSupport,
  canUpgrade,
} from './callMode';
import { sipSocketUrl } from './types';

const queued = conversationView({
  status: 'queued',
  seat: null,
  channel: 'video',
  queue: { position: 3, estimatedWaitSeconds: 120 } as never,
});
const served = conversationView({ status: 'active', channel: 'video' });

describe('call mode', () => {
  it('places calls only in H5 with WebRTC; the mini-program points to H5 or the hotline', () => {
    expect(callSupport(true, true)).toBe('ok');
    expect(callSupport(true, false)).toBe('no_media');
    expect(callSupport(false, true)).toBe('mini_program');
    expect(CALL_SUPPORT_HINTS.mini_program).toContain('12345');
  });

  it('waits (with the queue standing) until the switch says a seat is on the line, then talks', () => {
    expect(callPhase('idle', 'waiting')).toBe('idle');
    expect(callPhase('starting', 'waiting')).toBe('starting');
    expect(callPhase('calling', 'waiting')).toBe('waiting');
    // connected to the switch's music: still waiting, even in a served chat
    expect(callPhase('connected', 'waiting')).toBe('waiting');
    expect(callPhase('connected', 'talking')).toBe('talking');
    expect(callPhase('connected', 'held')).toBe('held');
    expect(callPhase('ended', 'talking')).toBe('ended');
    expect(callPhase('failed', 'waiting')).toBe('failed');
    expect(callStatusText('held', 'audio', served)).toContain('保持');

    expect(callStatusText('waiting', 'video', queued)).toBe('正在为您接通坐席，前面还有 2 位，请稍候…');
    expect(callStatusText('waiting', 'video', { ...queued, queue: { ...queued.queue!, position: 1 } })).toBe(
      '正在为您接通坐席，您是下一位，请稍候…',
    );
    expect(callStatusText('waiting', 'audio', { ...queued, status: 'offered' })).toBe('坐席即将接听，请稍候…');
    expect(callStatusText('talking', 'video', served)).toBe('刘敏正在与您视频通话');
    expect(callStatusText('starting', 'audio', null)).toBe('正在发起语音通话…');
    expect(callStatusText('failed', 'audio', null, '没有麦克风')).toBe('没有麦克风');
    expect(callStatusText('ended', 'audio', served)).toBe('通话已结束');
  });

  it('reads the call query, offers the upgrade only while a seat serves, and counts the call time', () => {
    expect(callMediaOf('video')).toBe('video');
    expect(callMediaOf('audio')).toBe('audio');
    expect(callMediaOf('chat')).toBeNull();
    expect(callMediaOf(undefined)).toBeNull();

    expect(canUpgrade(served, 'idle')).toBe(true);
    expect(canUpgrade(served, 'talking')).toBe(false);
    expect(canUpgrade(queued, 'idle')).toBe(false);
    expect(canUpgrade({ ...served, status: 'ended' }, 'ended')).toBe(false);

    expect(callClock(null, 5_000)).toBe('');
    expect(callClock(0, 65_000)).toBe('01:05');
    expect(callClock(0, 3_725_000)).toBe('1:02:05');
  });

  it('dials the switch on the page origin', () => {
    expect(sipSocketUrl('/sip', { protocol: 'https:', host: 'zwfw.ordos.gov.cn' })).toBe('wss://zwfw.ordos.gov.cn/sip');
    expect(sipSocketUrl('/sip', { protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/sip');
  });
});
