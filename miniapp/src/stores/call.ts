/**
 * Call store: the citizen's one call (语音 / 视频) — asks the engine for a call ticket, dials it,
 * and keeps the line state and the controls (静音, 摄像头, 挂断). The dialler is loaded only in
 * H5; tests pass a fake.
 */
import { markRaw, reactive, readonly } from 'vue';
import type { CallMedia, SwitchCallPhase } from '@cloud-seat/contracts';
import { ApiError } from '../api/client';
import { callsApi, type CallsApi } from '../api/calls';
import { CALL_SUPPORT_HINTS, type CallLine } from '../calls/callMode';
import type { CitizenCall, Dial } from '../calls/types';

interface CallState {
  conversationId: string | null;
  media: CallMedia;
  line: CallLine;
  /** What the switch said last (call-state INFO): waiting until a seat is on the line. */
  switchPhase: SwitchCallPhase;
  error: string;
  muted: boolean;
  cameraOff: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
}

const initial = (): CallState => ({
  conversationId: null,
  media: 'audio',
  line: 'idle',
  switchPhase: 'waiting',
  error: '',
  muted: false,
  cameraOff: false,
  localStream: null,
  remoteStream: null,
});

function failureText(error: unknown): string {
  if (error instanceof ApiError && error.status !== 0 && error.status < 500) return error.message;
  // getUserMedia's DOMException, told by name (the mini-program runtime has no DOMException).
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '没有麦克风或摄像头权限，请在浏览器设置中允许后重试';
  if (name === 'NotFoundError') return '没有找到麦克风，请检查设备后重试';
  if (error instanceof Error && /[\u4e00-\u9fa5]/.test(error.message)) return error.message;
  return '通话未能接通，请稍后重试';
}

export function createCallStore(deps: { api: Pick<CallsApi, 'start'>; loadDial: () => Promise<Dial> }) {
  const state = reactive<CallState>(initial());
  let call: CitizenCall | null = null;
  /** Bumped on every start/reset: late answers of an older attempt are dropped. */
  let attempt = 0;

  const store = {
    state: readonly(state),

    get active() {
      return state.line === 'starting' || state.line === 'calling' || state.line === 'connected';
    },

    async start(conversationId: string, media: CallMedia) {
      if (store.active) return;
      const mine = ++attempt;
      Object.assign(state, initial(), { conversationId, media, line: 'starting' as CallLine });
      try {
        const dial = await deps.loadDial();
        const ticket = await deps.api.start(conversationId, media);
        if (mine !== attempt) return;
        const placed = await dial(ticket, {
          onConnected: () => {
            if (mine === attempt) state.line = 'connected';
          },
          onPhase: (phase) => {
            if (mine === attempt) state.switchPhase = phase;
          },
          onEnded: (_cause, failed) => {
            if (mine !== attempt) return;
            call = null;
            state.line = failed && state.line !== 'connected' ? 'failed' : 'ended';
            if (state.line === 'failed') state.error = '通话未能接通，请稍后重试';
            state.localStream = null;
            state.remoteStream = null;
          },
          onStreams: (local, remote) => {
            if (mine !== attempt) return;
            state.localStream = local ? markRaw(local) : null;
            state.remoteStream = remote ? markRaw(remote) : null;
          },
        });
        if (mine !== attempt) {
          placed.hangup();
          return;
        }
        call = placed;
        if (state.line === 'starting') state.line = 'calling';
      } catch (error) {
        if (mine !== attempt) return;
        state.line = 'failed';
        state.error = failureText(error);
      }
    },

    toggleMute() {
      if (!call) return;
      state.muted = !state.muted;
      call.setMuted(state.muted);
    },

    toggleCamera() {
      if (!call || state.media !== 'video') return;
      state.cameraOff = !state.cameraOff;
      call.setCameraOff(state.cameraOff);
    },

    hangup() {
      const placed = call;
      call = null;
      placed?.hangup();
      if (store.active) {
        attempt += 1;
        Object.assign(state, { line: 'ended' as CallLine, localStream: null, remoteStream: null });
      }
    },

    /** Leaving the page: hang up and forget. */
    reset() {
      store.hangup();
      attempt += 1;
      Object.assign(state, initial());
    },
  };
  return store;
}

async function loadDial(): Promise<Dial> {
  // #ifdef H5
  return (await import('../calls/jssipDial')).dial;
  // #endif
  // #ifndef H5
  throw new Error(CALL_SUPPORT_HINTS.mini_program);
  // #endif
}

export const callStore = createCallStore({ api: callsApi, loadDial });
export type CallStore = ReturnType<typeof createCallStore>;
