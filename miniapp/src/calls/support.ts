/** Whether this build and browser can place calls (H5 with WebRTC; never the mini-program). */
import { callSupport, type CallSupport } from './callMode';

export function currentCallSupport(): CallSupport {
  // #ifdef H5
  const hasMedia =
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getUserMedia === 'function' &&
    typeof RTCPeerConnection !== 'undefined';
  return callSupport(true, hasMedia);
  // #endif
  // #ifndef H5
  return callSupport(false, false);
  // #endif
}
