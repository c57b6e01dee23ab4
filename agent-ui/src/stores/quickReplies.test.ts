import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuickReplyView } from '@cloud-seat/contracts';
import { quickRepliesApi } from '@/api/quickReplies';
import { ApiError } from '@/api/client';
import { insertPhrase, slashQuery, useQuickRepliesStore } from './quickReplies';

vi.mock('@/api/quickReplies', () => ({
  quickRepliesApi: { search: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));

const phrase = (shortcut: string, patch: Partial<QuickReplyView> = {}): QuickReplyView => ({
  id: `id-${shortcut}`,
  scope: 'personal',
  shortcut,
  title: shortcut,
  text: `{市民姓名}${shortcut}`,
  rendered: `王先生${shortcut}`,
  regionCode: null,
  category: null,
  updatedAt: '2026-11-25T08:00:00.000Z',
  ...patch,
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

describe('slash and insertion', () => {
  it('opens on "/" at the start of an otherwise short, single-word draft', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/hy')).toBe('hy');
    expect(slashQuery('/材料')).toBe('材料');
    expect(slashQuery('hy')).toBeNull();
    expect(slashQuery('/hy ')).toBeNull();
    expect(slashQuery('请看 /hy')).toBeNull();
    expect(slashQuery('//')).toBeNull();
  });

  it('replaces a slash draft, else inserts at the cursor', () => {
    expect(insertPhrase('/hy', '您好', 3)).toEqual({ value: '您好', cursor: 2 });
    expect(insertPhrase('好的。', '请稍候', 3)).toEqual({ value: '好的。请稍候', cursor: 6 });
    expect(insertPhrase('AB', 'x', 1)).toEqual({ value: 'AxB', cursor: 2 });
    expect(insertPhrase('AB', 'x', null)).toEqual({ value: 'ABx', cursor: 3 });
    expect(insertPhrase('AB', 'x', 99)).toEqual({ value: 'ABx', cursor: 3 });
  });
});

describe('quick replies store', () => {
  it('keeps the answer of the latest search only', async () => {
    const store = useQuickRepliesStore();
    let first: (v: { quickReplies: QuickReplyView[] }) => void = () => {};
    vi.mocked(quickRepliesApi.search)
      .mockReturnValueOnce(new Promise((r) => (first = r)))
      .mockResolvedValueOnce({ quickReplies: [phrase('hy')] });
    const a = store.search('h', 'conv-1');
    await store.search('hy', 'conv-1');
    first({ quickReplies: [phrase('old')] });
    await a;
    expect(store.items.map((p) => p.shortcut)).toEqual(['hy']);
    expect(store.loading).toBe(false);
    expect(quickRepliesApi.search).toHaveBeenLastCalledWith('hy', 'conv-1');
  });

  it('moves the highlight with wrap-around and exposes the current phrase', async () => {
    const store = useQuickRepliesStore();
    vi.mocked(quickRepliesApi.search).mockResolvedValue({
      quickReplies: [phrase('a'), phrase('b', { scope: 'team' }), phrase('c')],
    });
    await store.search('', null);
    expect(store.current?.shortcut).toBe('a');
    store.move(-1);
    expect(store.current?.shortcut).toBe('c');
    store.move(1);
    store.move(1);
    expect(store.current?.shortcut).toBe('b');
    await store.loadLibrary();
    expect(quickRepliesApi.search).toHaveBeenLastCalledWith('', null);
    expect(store.personal.map((p) => p.shortcut)).toEqual(['a', 'c']);
  });

  it('shows the engine’s Chinese message when a search fails', async () => {
    const store = useQuickRepliesStore();
    vi.mocked(quickRepliesApi.search).mockRejectedValue(new ApiError(403, 'OUT_OF_SCOPE', '该数据不在您的管辖区域内'));
    await store.search('', 'conv-9');
    expect(store.error).toBe('该数据不在您的管辖区域内');
  });

  it('saves (create or update) and deletes, then reloads the library and the search', async () => {
    const store = useQuickRepliesStore();
    vi.mocked(quickRepliesApi.search).mockResolvedValue({ quickReplies: [] });
    await store.save(null, { shortcut: 'n', title: '新', text: '新' });
    await store.save('id-n', { shortcut: 'n', title: '改', text: '改' });
    await store.remove('id-n');
    expect(quickRepliesApi.create).toHaveBeenCalledWith({ shortcut: 'n', title: '新', text: '新' });
    expect(quickRepliesApi.update).toHaveBeenCalledWith('id-n', { shortcut: 'n', title: '改', text: '改' });
    expect(quickRepliesApi.remove).toHaveBeenCalledWith('id-n');
    expect(quickRepliesApi.search).toHaveBeenCalledTimes(6);
  });
});
