import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogAdminApi } from '@/api/catalog';
import { ApiError } from '@/api/client';
import { catalogEntry } from '@/test/catalogViews';
import { useCatalogAdminStore } from './catalogAdmin';

vi.mock('@/api/catalog', () => ({
  catalogAdminApi: { entries: vi.fn(), setAssistedFiling: vi.fn(), changes: vi.fn() },
}));
const api = vi.mocked(catalogAdminApi);

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

describe('catalog admin store', () => {
  it('reads the matters of a filter and keeps it for the next reload', async () => {
    api.entries.mockResolvedValue({ entries: [catalogEntry('000129001000', '结婚登记')] });
    const store = useCatalogAdminStore();
    await store.loadEntries({ q: ' 婚 ', theme: 'p-marriage' });
    expect(api.entries).toHaveBeenLastCalledWith({ q: '婚', theme: 'p-marriage' });
    await store.loadEntries();
    expect(api.entries).toHaveBeenLastCalledWith({ q: '婚', theme: 'p-marriage' });
    expect(store).toMatchObject({ entriesLoaded: true, entriesLoading: false, entriesError: '' });
  });

  it('marks a matter 可辅助申报 with the answer, and leaves it on a refusal', async () => {
    api.entries.mockResolvedValue({ entries: [catalogEntry('000129001000', '结婚登记')] });
    const store = useCatalogAdminStore();
    await store.loadEntries();
    api.setAssistedFiling.mockResolvedValueOnce(catalogEntry('000129001000', '结婚登记', { assistedFiling: true }));
    await store.setAssisted('000129001000', true);
    expect(api.setAssistedFiling).toHaveBeenCalledWith({ basicCode: '000129001000', assisted: true });
    expect(store.entries[0]?.assistedFiling).toBe(true);

    api.setAssistedFiling.mockRejectedValueOnce(new ApiError(403, 'FORBIDDEN', '没有权限执行该操作'));
    await expect(store.setAssisted('000129001000', false)).rejects.toThrow('没有权限');
    expect(store.entries[0]?.assistedFiling).toBe(true);
    expect(store.savingAssisted).toEqual([]);
  });

  it("keeps the engine's message when the change log cannot be read", async () => {
    api.changes.mockRejectedValue(new ApiError(403, 'FORBIDDEN', '没有权限执行该操作'));
    const store = useCatalogAdminStore();
    await store.loadChanges();
    expect(store).toMatchObject({ changesError: '没有权限执行该操作', changesLoading: false });
  });
});
