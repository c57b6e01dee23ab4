/**
 * DTMF carried in SIP INFO (what JsSIP sends by default): `application/dtmf-relay` with
 * `Signal=5` / `Duration=160` lines, or `application/dtmf` with the bare digit.
 */
export const DTMF_TONE = /^[0-9*#A-D]$/;

/** The tone an INFO carries, or null when it is not a DTMF INFO (or not one valid tone). */
export function parseDtmfInfo(contentType: string | undefined, body: string): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  let tone: string | undefined;
  if (type === 'application/dtmf-relay') {
    tone = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(body)?.[1];
  } else if (type === 'application/dtmf') {
    tone = body.trim();
  } else {
    return null;
  }
  const upper = tone?.toUpperCase();
  return upper && DTMF_TONE.test(upper) ? upper : null;
}

/** The INFO body for one tone (`application/dtmf-relay`), as JsSIP and most SIP phones send it. */
export function dtmfRelayBody(tone: string, durationMs = 160): string {
  return `Signal=${tone}\r\nDuration=${durationMs}\r\n`;
}
