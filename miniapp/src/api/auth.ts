import type { MeView } from '@cloud-seat/contracts';
import { http } from './http';

export const authApi = {
  /** Makes sure this device has a guest identity (POST /api/auth/guest on first open). */
  ensureGuest(): Promise<string> {
    return http.ensureToken();
  },

  me(): Promise<MeView> {
    return http.get<MeView>('/api/auth/me');
  },
};
