import type { ContactStatus } from '@cloud-seat/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationsApi } from '../api/conversations';
import { conversation } from '../realtime/testing';
import { hallStore } from './hall';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the hall’s unfinished conversation (继续咨询)', () => {
  const mine = (...statuses: ContactStatus[]) =>
    vi
      .spyOn(conversationsApi, 'mine')
      .mockResolvedValue(statuses.map((status, i) => conversation(`c${i}`, { status })));

  it('counts a conversation the assistant serves as open', async () => {
    mine('ended', 'assistant');
    await hallStore.loadOpenConversation();
    expect(hallStore.state.openConversation?.id).toBe('c1');
  });

  it('leaves out ended and abandoned ones', async () => {
    mine('ended', 'abandoned');
    await hallStore.loadOpenConversation();
    expect(hallStore.state.openConversation).toBeNull();
  });
});
