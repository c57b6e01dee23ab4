/**
 * Build-time settings of the citizen app. Nothing else reads `import.meta.env`.
 *
 * H5 is served by the engine itself (http://<host>:3000/h5/), so its API is same-origin.
 * The mini-program has no origin of its own: it needs the absolute API address, taken from
 * `VITE_API_BASE` when building (e.g. `VITE_API_BASE=https://zwfw.example.gov.cn npm run build:mp-weixin`).
 */
const DEFAULT_MP_API_BASE = 'http://localhost:3000';

function resolveApiBase(): string {
  // #ifdef H5
  return '';
  // #endif
  // #ifndef H5
  return (import.meta.env.VITE_API_BASE || DEFAULT_MP_API_BASE).replace(/\/+$/, '');
  // #endif
}

/** '' in H5 (same origin), an absolute origin without trailing slash in the mini-program. */
export const API_BASE = resolveApiBase();

/** Polling period of the mini-program realtime fallback. */
export const POLL_INTERVAL_MS = 2000;

/** Page size when catching up on messages (the engine accepts at most 500). */
export const MESSAGE_PAGE_SIZE = 200;

/**
 * The subscribe-message template of appointment reminders (mini-program only; the same id as the
 * engine's WECHAT_REMINDER_TEMPLATE_ID): `VITE_WECHAT_REMINDER_TEMPLATE_ID=… npm run build:mp-weixin`.
 * Empty: the app does not ask, and reminders stay in-app.
 */
export const REMINDER_TEMPLATE_ID: string = import.meta.env.VITE_WECHAT_REMINDER_TEMPLATE_ID || '';
