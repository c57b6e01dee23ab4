/**
 * When the trunk registration is refreshed or retried. Pure arithmetic for the registrar client
 * (adapters/trunkRegistrar.ts).
 */

/** Refresh well before the binding lapses: at half of a short grant, a minute early for a long one. */
export function refreshDelayMs(grantedSeconds: number): number {
  const seconds = grantedSeconds <= 120 ? grantedSeconds / 2 : grantedSeconds - 60;
  return Math.max(1, seconds) * 1000;
}

/** Retry after a failure with exponential backoff: 2 s, 4 s, 8 s … at most 5 minutes. */
export function retryDelayMs(consecutiveFailures: number, baseMs = 2_000, maxMs = 300_000): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
}

/**
 * The expiry the registrar granted: the `expires` parameter of our Contact in the 200 OK, else
 * its Expires header, else what we asked for.
 */
export function grantedExpires(
  contactHeader: string | undefined,
  expiresHeader: string | undefined,
  asked: number,
): number {
  const param = contactHeader ? /;\s*expires\s*=\s*(\d+)/i.exec(contactHeader) : null;
  const fromContact = param?.[1] !== undefined ? Number(param[1]) : NaN;
  if (Number.isFinite(fromContact) && fromContact > 0) return fromContact;
  const fromHeader = expiresHeader !== undefined ? Number(expiresHeader.trim()) : NaN;
  if (Number.isFinite(fromHeader) && fromHeader > 0) return fromHeader;
  return asked;
}
