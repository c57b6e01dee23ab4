/**
 * H5 only (imported behind `// #ifdef H5`): the citizen's JsSIP user agent. No registration: it
 * connects to the switch on the page's origin and INVITEs the call ticket's target with the
 * ticket's one-call credentials, sending the microphone (and camera for 视频).
 */
import { parseCallStateInfo, type CallTicketView } from '@cloud-seat/contracts';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { sipSocketUrl, type CallHandlers, type CitizenCall } from './types';

const CONNECT_TIMEOUT_MS = 10_000;

export async function dial(ticket: CallTicketView, handlers: CallHandlers): Promise<CitizenCall> {
  const JsSIP = await import('jssip');
  const video = ticket.media === 'video';
  const devices = navigator.mediaDevices;
  // No camera (or refused): still call, with the voice only.
  const local = await devices
    .getUserMedia({ audio: true, video })
    .catch((e: unknown) => (video ? devices.getUserMedia({ audio: true }) : Promise.reject(e)));
  let remote: MediaStream | null = null;
  handlers.onStreams(local, remote);

  const c = ticket.credentials;
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(c.wsUrl ?? sipSocketUrl(c.wsPath, window.location))],
    uri: c.uri,
    authorization_user: c.authorizationUser,
    password: c.password,
    realm: c.realm,
    display_name: c.displayName,
    register: false,
    session_timers: false,
  });
  const stopAll = () => {
    for (const track of local.getTracks()) track.stop();
    ua.stop();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('无法连接通话服务，请稍后重试')), CONNECT_TIMEOUT_MS);
      ua.on('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      ua.start();
    });
  } catch (e) {
    stopAll();
    throw e;
  }

  let ended = false;
  const finish = (cause: string, failed: boolean) => {
    if (ended) return;
    ended = true;
    stopAll();
    handlers.onEnded(cause, failed);
  };
  const session: RTCSession = ua.call(ticket.target, {
    mediaConstraints: { audio: true, video },
    mediaStream: local,
    pcConfig: { iceServers: [] },
    eventHandlers: {
      peerconnection: ({ peerconnection }: { peerconnection: RTCPeerConnection }) => {
        peerconnection.addEventListener('track', (e) => {
          remote = e.streams[0] ?? new MediaStream([e.track]);
          handlers.onStreams(local, remote);
        });
      },
      confirmed: () => handlers.onConnected(),
      newInfo: (e: { originator: string; info: { contentType: string; body: string } }) => {
        const phase = e.originator === 'remote' ? parseCallStateInfo(e.info.contentType, e.info.body) : null;
        if (phase) handlers.onPhase(phase);
      },
      ended: (e: { cause: unknown }) => finish(String(e.cause), false),
      failed: (e: { cause: unknown }) => finish(String(e.cause), true),
    },
  });

  return {
    setMuted: (muted) => (muted ? session.mute({ audio: true }) : session.unmute({ audio: true })),
    setCameraOff: (off) => {
      for (const track of local.getVideoTracks()) track.enabled = !off;
    },
    hangup: () => {
      if (!session.isEnded()) session.terminate();
      finish('Terminated', false);
    },
  };
}
