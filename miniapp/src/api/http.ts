/** The app-wide API client: configured base URL, token in uni storage, guest profile from preferences. */
import { API_BASE } from '../config';
import { STORAGE_KEYS, readFlag } from '../utils/storage';
import { ApiClient, uniTokenStore } from './client';

export const http = new ApiClient({
  baseUrl: API_BASE,
  tokens: uniTokenStore(STORAGE_KEYS.token),
  guestRequest: () => ({ identityType: 'personal', elderMode: readFlag(STORAGE_KEYS.elderMode) }),
});

/**
 * Absolute URL of an engine-served asset (seat photos at /assets/…). It must be absolute: uni's
 * <image> reads a root-relative path as a file of the app itself (/h5/assets/… in H5), and the
 * mini-program has no origin at all.
 */
export function assetUrl(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  const origin = API_BASE || (typeof location === 'undefined' ? '' : location.origin);
  return origin + path;
}
