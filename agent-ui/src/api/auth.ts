import type { LoginRequest, MeView } from '@cloud-seat/contracts';
import { api } from './client';

export const authApi = {
  me: () => api.get<MeView>('/auth/me'),
  login: (body: LoginRequest) => api.post<MeView>('/auth/login', body),
  logout: () => api.post<void>('/auth/logout'),
};
