import type { CitizenPreferencesRequest, MeView } from '@cloud-seat/contracts';
import { http } from './http';

export const authApi = {
  /** Makes sure this device has a guest identity (POST /api/auth/guest on first open). */
  ensureGuest(): Promise<string> {
    return http.ensureToken();
  },

  me(): Promise<MeView> {
    return http.get<MeView>('/api/auth/me');
  },

  /** 长辈版 on the server too: elder-mode citizens are served first in the queue. */
  savePreferences(preferences: CitizenPreferencesRequest): Promise<MeView> {
    return http.put<MeView>('/api/citizen/preferences', preferences);
  },
};
