import type { MeView, MatterSummaryView } from '@cloud-seat/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogApiOf, guideView, material, matterSummary, stubUniStorage } from './catalog.testing';
import { createCatalogStore, scenarioKindFor, SEARCH_DEBOUNCE_MS } from './catalog';
import { checklistProgress } from '../utils/matterGuide';

const citizen = (identityType: 'personal' | 'legal'): MeView => ({
  kind: 'citizen',
  citizen: { id: 'u1', displayName: '访客', identityType, elderMode: false },
});

describe('catalog store: scenarios', () => {
  beforeEach(() => stubUniStorage());

  it('opens 法人全生命周期 for a 法人 and 个人全生命周期 for everyone else', async () => {
    expect(scenarioKindFor('legal')).toBe('legal');
    expect(scenarioKindFor('personal')).toBe('person');
    expect(scenarioKindFor(null)).toBe('person');

    const api = catalogApiOf();
    const legal = createCatalogStore(api, { me: async () => citizen('legal') });
    await legal.openScenarios('150602');
    expect(legal.state.kind).toBe('legal');
    expect(api.scenarios).toHaveBeenCalledWith('150602', 'legal');

    const person = createCatalogStore(api, { me: async () => citizen('personal') });
    await person.openScenarios('150602');
    expect(person.state.kind).toBe('person');
  });

  it('falls back to 个人 when the identity is unknown, and keeps a column the citizen chose', async () => {
    const api = catalogApiOf();
    const me = vi.fn().mockRejectedValue(new Error('offline'));
    const store = createCatalogStore(api, { me });
    await store.openScenarios('150602');
    expect(store.state.kind).toBe('person');

    await store.loadScenarios('150602', 'legal');
    await store.openScenarios('150621');
    expect(me).toHaveBeenCalledTimes(1);
    expect(api.scenarios).toHaveBeenLastCalledWith('150621', 'legal');
  });
});

describe('catalog store: search', () => {
  beforeEach(() => {
    stubUniStorage();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('searches once the citizen stops typing, with the last text', async () => {
    const api = catalogApiOf();
    vi.mocked(api.search).mockResolvedValue([matterSummary('m1')]);
    const store = createCatalogStore(api, { me: async () => citizen('personal') });

    for (const text of ['j', 'jh', 'jhd', 'jhdj']) {
      store.setQuery('150602', text);
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 50);
    }
    expect(api.search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(50);
    expect(api.search).toHaveBeenCalledTimes(1);
    expect(api.search).toHaveBeenCalledWith('150602', 'jhdj');
    expect(store.state.results.map((m) => m.id)).toEqual(['m1']);
    expect(store.state.searchedQuery).toBe('jhdj');
  });

  it('clears at once on an empty box, and never lets an older answer replace a newer one', async () => {
    const api = catalogApiOf();
    let answerFirst!: (matters: MatterSummaryView[]) => void;
    vi.mocked(api.search)
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce([matterSummary('m2', { name: '离婚登记' })]);
    const store = createCatalogStore(api, { me: async () => citizen('personal') });

    store.setQuery('150602', '结婚');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    await store.searchNow('150602', '离婚');
    answerFirst([matterSummary('m1')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.state.results.map((m) => m.id)).toEqual(['m2']);

    store.setQuery('150602', '  ');
    expect(store.state.results).toEqual([]);
    expect(store.state.searchedQuery).toBe('');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(api.search).toHaveBeenCalledTimes(2);
  });

  it('says so when the search fails', async () => {
    const api = catalogApiOf();
    vi.mocked(api.search).mockRejectedValue(new Error('offline'));
    const store = createCatalogStore(api, { me: async () => citizen('personal') });
    await store.searchNow('150602', '社保');
    expect(store.state.searchError).toBe('搜索失败，请检查网络后重试');
    expect(store.state.searching).toBe(false);
  });
});

describe('catalog store: guides and the 带什么 checklist', () => {
  it('reads a guide once, however many ask for it', async () => {
    stubUniStorage();
    const api = catalogApiOf([guideView('m1')]);
    const store = createCatalogStore(api, { me: async () => citizen('personal') });
    const [a, b] = await Promise.all([store.loadGuide('m1'), store.loadGuide('m1')]);
    await store.loadGuide('m1');
    expect(a).toBe(b);
    expect(api.matter).toHaveBeenCalledTimes(1);
    expect(store.state.guides.m1?.name).toBe('内地居民结婚登记');

    expect(await store.loadGuide('missing')).toBeNull();
    expect(store.state.guideErrors.missing).toBe('办事指南加载失败，请检查网络后重试');
  });

  it('keeps the ticks per matter on the phone, across app starts', () => {
    const storage = stubUniStorage();
    const first = createCatalogStore(catalogApiOf(), { me: async () => citizen('personal') });
    first.toggleTick('m1', '居民户口簿');
    first.toggleTick('m1', '居民身份证');
    first.toggleTick('m1', '居民户口簿');
    first.toggleTick('m2', '营业执照');
    expect(first.ticked('m1')).toEqual(['居民身份证']);
    expect(storage.get('cloudSeat.checklist.m1')).toBe('["居民身份证"]');

    const later = createCatalogStore(catalogApiOf(), { me: async () => citizen('personal') });
    expect(later.ticked('m1')).toEqual(['居民身份证']);
    expect(later.ticked('m2')).toEqual(['营业执照']);
    expect(later.ticked('m3')).toEqual([]);
  });

  it('ignores a damaged stored checklist', () => {
    stubUniStorage({ 'cloudSeat.checklist.m1': '{oops' });
    const store = createCatalogStore(catalogApiOf(), { me: async () => citizen('personal') });
    expect(store.ticked('m1')).toEqual([]);
  });

  it('counts 已准备 x/y 项 over the materials the guide still lists', () => {
    const materials = [material('居民户口簿'), material('居民身份证'), material('合影照片', { required: false })];
    expect(checklistProgress(materials, ['居民身份证', '合影照片', '已删除的材料'])).toEqual({
      done: 2,
      total: 3,
      requiredLeft: 1,
    });
  });
});
