import type { CallTicketView } from '@cloud-seat/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { CallHandlers, CitizenCall, Dial } from '../calls/types';
import { createCallStore } from './call';

const ticket: CallTicketView = {
  conversationId: 'c1',
  media: 'video',
  target: 'sip:call-c1@cloud-seat.local',
  credentials: {
    uri: 'sip:citizen-1@cloud-seat.local',
    authorizationUser: 'citizen-1',
    password: 'x',
    displayName: '王先生',
    realm: 'cloud-seat.local',
    wsPath: '/sip',
    expiresAt: '2026-11-29T22:00:00.000Z',
  },
};

function fakeDialler() {
  let handlers!: CallHandlers;
  const call = { setMuted: vi.fn(), setCameraOff: vi.fn(), hangup: vi.fn() } satisfies CitizenCall;
  const dial = vi.fn<Dial>((_t, h) => {
    handlers = h;
    return Promise.resolve(call);
  });
  return { dial, call, handlers: () => handlers };
}

describe('call store', () => {
  it('asks for a ticket, dials it, and follows the line to the end', async () => {
    const fake = fakeDialler();
    const start = vi.fn().mockResolvedValue(ticket);
    const store = createCallStore({ api: { start }, loadDial: () => Promise.resolve(fake.dial) });

    const placing = store.start('c1', 'video');
    expect(store.state.line).toBe('starting');
    await placing;
    expect(start).toHaveBeenCalledWith('c1', 'video');
    expect(fake.dial).toHaveBeenCalledWith(ticket, expect.anything());
    expect(store.state.line).toBe('calling');
    expect(store.active).toBe(true);

    fake.handlers().onConnected();
    expect(store.state).toMatchObject({ line: 'connected', switchPhase: 'waiting' });
    fake.handlers().onPhase('talking');
    expect(store.state.switchPhase).toBe('talking');
    store.toggleMute();
    store.toggleCamera();
    expect(fake.call.setMuted).toHaveBeenCalledWith(true);
    expect(fake.call.setCameraOff).toHaveBeenCalledWith(true);
    expect(store.state).toMatchObject({ muted: true, cameraOff: true });

    // The seat hung up: the engine ends the conversation, the chat shows the evaluation.
    fake.handlers().onEnded('BYE', false);
    expect(store.state.line).toBe('ended');
    expect(store.active).toBe(false);
  });

  it('hangs up from the citizen side', async () => {
    const fake = fakeDialler();
    const store = createCallStore({
      api: { start: vi.fn().mockResolvedValue(ticket) },
      loadDial: () => Promise.resolve(fake.dial),
    });
    await store.start('c1', 'audio');
    store.toggleCamera(); // an audio call has no camera
    expect(fake.call.setCameraOff).not.toHaveBeenCalled();
    store.hangup();
    expect(fake.call.hangup).toHaveBeenCalledOnce();
    expect(store.state.line).toBe('ended');
  });

  it('says why a call could not start, and a call that never connected failed', async () => {
    const refused = createCallStore({
      api: { start: vi.fn().mockRejectedValue(new ApiError(409, 'CALL_IN_PROGRESS', '该会话已有通话')) },
      loadDial: () => Promise.resolve(fakeDialler().dial),
    });
    await refused.start('c1', 'audio');
    expect(refused.state).toMatchObject({ line: 'failed', error: '该会话已有通话' });

    const noMic = createCallStore({
      api: { start: vi.fn().mockResolvedValue(ticket) },
      loadDial: () =>
        Promise.resolve(() => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' }))),
    });
    await noMic.start('c1', 'video');
    expect(noMic.state.error).toContain('权限');

    const fake = fakeDialler();
    const busy = createCallStore({
      api: { start: vi.fn().mockResolvedValue(ticket) },
      loadDial: () => Promise.resolve(fake.dial),
    });
    await busy.start('c1', 'audio');
    fake.handlers().onEnded('Busy', true);
    expect(busy.state.line).toBe('failed');
  });

  it('leaving the page mid-dial drops the late call', async () => {
    const fake = fakeDialler();
    let answer!: (t: CallTicketView) => void;
    const store = createCallStore({
      api: { start: () => new Promise<CallTicketView>((r) => (answer = r)) },
      loadDial: () => Promise.resolve(fake.dial),
    });
    const placing = store.start('c1', 'audio');
    await Promise.resolve();
    store.reset();
    answer(ticket);
    await placing;
    expect(fake.dial).not.toHaveBeenCalled();
    expect(store.state.line).toBe('idle');
  });
});
