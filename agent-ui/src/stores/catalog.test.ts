import { conversationView } from '@cloud-seat/contracts/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogApi } from '@/api/catalog';
import { ApiError } from '@/api/client';
import { matterGuide, matterSummary, MATTER_ID } from '@/test/catalogViews';
import { useCatalogStore } from './catalog';
import { useConversationsStore } from './conversations';

vi.mock('@/api/catalog', () => ({
  catalogApi: { search: vi.fn(), guide: vi.fn(), setConversationMatter: vi.fn() },
}));
const api = vi.mocked(catalogApi);

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

describe('catalog store (matter beside the conversation)', () => {
  it("searches the conversation's region and drops the answer to an older search", async () => {
    const store = useCatalogStore();
    let late: (v: { matters: ReturnType<typeof matterSummary>[] }) => void = () => {};
    api.search
      .mockReturnValueOnce(new Promise((r) => (late = r)))
      .mockResolvedValueOnce({ matters: [matterSummary()] });
    const first = store.search('150602', 'jh');
    await store.search('150602', ' jhdj ');
    late({ matters: [matterSummary({ name: '旧答案' })] });
    await first;
    expect(api.search).toHaveBeenLastCalledWith('150602', 'jhdj');
    expect(store.results.map((m) => m.name)).toEqual(['内地居民结婚登记']);
    expect(store).toMatchObject({ query: 'jhdj', searching: false, searchError: '' });

    await store.search('150602', '  ');
    expect(store.results).toEqual([]);
    expect(api.search).toHaveBeenCalledTimes(2);

    api.search.mockRejectedValueOnce(new ApiError(503, 'UNAVAILABLE', '事项检索暂不可用'));
    await store.search('150602', '领证');
    expect(store.searchError).toBe('事项检索暂不可用');
  });

  it('pushes a matter: the conversation shows it at once and the search is cleared', async () => {
    const conversations = useConversationsStore();
    conversations.upsert(conversationView());
    const store = useCatalogStore();
    api.search.mockResolvedValue({ matters: [matterSummary()] });
    await store.search('150602', '结婚');
    const pushed = conversationView({ matter: { id: MATTER_ID, name: '内地居民结婚登记' }, matterSource: 'seat' });
    api.setConversationMatter.mockResolvedValue(pushed);
    await store.push('conv-1', MATTER_ID);
    expect(api.setConversationMatter).toHaveBeenCalledWith('conv-1', { matterId: MATTER_ID });
    expect(conversations.byId['conv-1']).toMatchObject({ matter: { id: MATTER_ID }, matterSource: 'seat' });
    expect(store).toMatchObject({ query: '', results: [], pushingId: null });
  });

  it("throws the engine's refusal of a push and leaves the conversation as it was", async () => {
    const conversations = useConversationsStore();
    conversations.upsert(conversationView());
    const store = useCatalogStore();
    api.setConversationMatter.mockRejectedValue(new ApiError(409, 'INVALID_STATE', '会话不在服务中，不能更改事项'));
    await expect(store.push('conv-1', MATTER_ID)).rejects.toThrow('会话不在服务中');
    expect(conversations.byId['conv-1']?.matter).toBeNull();
    expect(store.pushingId).toBeNull();
  });

  it("keeps a guide's failure by matter and clears it on a good reload", async () => {
    const store = useCatalogStore();
    api.guide.mockRejectedValueOnce(new ApiError(404, 'NOT_FOUND', '事项不存在'));
    await store.loadGuide(MATTER_ID);
    expect(store.guideErrors[MATTER_ID]).toBe('事项不存在');
    api.guide.mockResolvedValueOnce(matterGuide());
    await store.loadGuide(MATTER_ID);
    expect(store.guideErrors[MATTER_ID]).toBeUndefined();
    expect(store.guides[MATTER_ID]?.name).toBe('内地居民结婚登记');
  });
});
