/** Who is logged in to the workbench. */
import type { StaffAccountView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { authApi } from '@/api/auth';
import { ApiError } from '@/api/client';

export const useSessionStore = defineStore('session', {
  state: () => ({ account: null as StaffAccountView | null, loaded: false }),
  getters: {
    isSeat: (s) => s.account?.seat != null,
    /** Whether the account holds a permission (the engine checks again on every request). */
    can: (s) => (permission: string) => s.account?.permissions.includes(permission) ?? false,
  },
  actions: {
    /** Asks the engine who we are; a 401 just means "not logged in". */
    async load() {
      try {
        const me = await authApi.me();
        this.account = me.kind === 'staff' ? me.account : null;
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) throw e;
        this.account = null;
      } finally {
        this.loaded = true;
      }
    },
    async login(username: string, password: string) {
      const me = await authApi.login({ username, password });
      this.account = me.kind === 'staff' ? me.account : null;
      this.loaded = true;
    },
    async logout() {
      try {
        await authApi.logout();
      } finally {
        this.account = null;
      }
    },
  },
});
