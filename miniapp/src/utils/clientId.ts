/**
 * Client-generated message ids (uuid v4). The engine stores a clientId once, so a re-send
 * after a timeout never duplicates a message.
 */
export function newClientId(): string {
  // No `globalThis`: older mini-program JS engines lack it; `typeof` is safe everywhere.
  const c: Crypto | undefined = typeof crypto === 'undefined' ? undefined : crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return uuidV4Fallback(c && typeof c.getRandomValues === 'function' ? (b) => c.getRandomValues(b) : mathRandomFill);
}

/** RFC 4122 version 4 uuid from 16 random bytes (mini-program runtimes have no crypto.randomUUID). */
export function uuidV4Fallback(fill: (bytes: Uint8Array) => Uint8Array = mathRandomFill): string {
  const b = fill(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mathRandomFill(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}
