import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogAdminApi } from '@/api/catalog';
import { ApiError } from '@/api/client';
import { useCatalogAdminStore } from '@/stores/catalogAdmin';
import { syncRun } from '@/test/catalogViews';
import CatalogSyncPane from './CatalogSyncPane.vue';

vi.mock('@/api/catalog', () => ({
  catalogAdminApi: {
    entries: vi.fn(),
    setAssistedFiling: vi.fn(),
    sync: vi.fn(),
    importFile: vi.fn(),
    runs: vi.fn(),
    run: vi.fn(),
    templateUrl: '/api/admin/catalog/template.xlsx',
    scenario: vi.fn(),
    saveScenario: vi.fn(),
    changes: vi.fn(),
  },
}));
const api = vi.mocked(catalogAdminApi);

const regions = (done: number) => [
  { regionCode: '150600', done: Math.min(done, 6), total: 6 },
  { regionCode: '150602', done: Math.max(0, done - 6), total: 4 },
];
const started = syncRun({ total: 10, regions: regions(0) });
const halfway = syncRun({ done: 3, total: 10, regions: regions(3), report: { ...started.report, added: 3 } });
const finished = syncRun({
  status: 'succeeded',
  done: 10,
  total: 10,
  regions: regions(10),
  finishedAt: '2026-11-25T08:00:09.000Z',
  report: {
    added: 5,
    changed: 2,
    unchanged: 1,
    withdrawn: 1,
    rejected: [{ at: '第 2 页第 7 条', implCode: '11150602X', name: '无名事项', reason: '事项类型不在国家标准内' }],
  },
});

const text = (wrapper: ReturnType<typeof mount>, testId: string) => wrapper.find(`[data-testid=${testId}]`).text();

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  api.runs.mockResolvedValue({ runs: [] });
  api.entries.mockResolvedValue({ entries: [] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CatalogSyncPane', () => {
  it('follows a sync every second, then stops and shows its report', async () => {
    const pane = mount(CatalogSyncPane);
    await flushPromises();
    expect(pane.text()).toContain('还没有同步记录');

    api.sync.mockResolvedValue(started);
    api.run.mockResolvedValueOnce(halfway).mockResolvedValueOnce(finished);
    await pane.find('[data-testid=sync-incremental]').trigger('click');
    await flushPromises();
    expect(api.sync).toHaveBeenCalledWith({ incremental: true });
    expect(text(pane, 'run-status')).toBe('进行中');
    expect(pane.find('[data-testid=sync-full]').attributes('disabled')).toBeDefined();

    await vi.advanceTimersByTimeAsync(1000);
    await flushPromises();
    expect(api.run).toHaveBeenCalledTimes(1);
    expect(api.run).toHaveBeenCalledWith('run-1');
    expect(text(pane, 'run-progress')).toContain('3 / 10');
    expect(text(pane, 'run-regions')).toContain('市本级');
    expect(text(pane, 'run-regions')).toContain('3 / 6');
    expect(text(pane, 'run-regions')).toContain('东胜区');

    api.runs.mockResolvedValue({ runs: [finished] });
    await vi.advanceTimersByTimeAsync(1000);
    await flushPromises();
    expect(api.run).toHaveBeenCalledTimes(2);
    expect(text(pane, 'run-status')).toBe('已完成');
    expect(text(pane, 'run-progress')).toContain('10 / 10');
    expect(text(pane, 'run-report').replace(/\s+/g, '')).toBe('5新增2变更1未变1撤销');
    const rejected = text(pane, 'run-rejected');
    for (const cell of ['第 2 页第 7 条', '11150602X', '无名事项', '事项类型不在国家标准内'])
      expect(rejected).toContain(cell);
    // Finished: the history and the matters are read again, and the polling has stopped.
    expect(api.entries).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.run).toHaveBeenCalledTimes(2);
    expect(pane.find('[data-testid=sync-full]').attributes('disabled')).toBeUndefined();
  });

  it("shows the engine's refusal and resumes following a run still running when opened", async () => {
    api.runs.mockResolvedValue({ runs: [halfway] });
    api.run.mockResolvedValue(halfway);
    const pane = mount(CatalogSyncPane);
    await flushPromises();
    expect(text(pane, 'run-progress')).toContain('3 / 10');
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.run).toHaveBeenCalledTimes(1);

    // Leaving the page stops the polling.
    pane.unmount();
    await vi.advanceTimersByTimeAsync(3000);
    expect(api.run).toHaveBeenCalledTimes(1);

    setActivePinia(createPinia());
    api.runs.mockResolvedValue({ runs: [] });
    const again = mount(CatalogSyncPane);
    await flushPromises();
    api.sync.mockRejectedValue(
      new ApiError(409, 'CATALOG_PLATFORM_NOT_CONFIGURED', '尚未配置事项库平台地址，请先导入文件或联系运维配置'),
    );
    await again.find('[data-testid=sync-full]').trigger('click');
    await flushPromises();
    expect(text(again, 'sync-error')).toContain('尚未配置事项库平台地址');
    expect(useCatalogAdminStore().run).toBeNull();
  });

  it('imports the picked file', async () => {
    const pane = mount(CatalogSyncPane);
    await flushPromises();
    api.importFile.mockResolvedValue(
      syncRun({ source: 'file', origin: 'matters.xlsx', status: 'failed', error: '文件没有表头' }),
    );
    const input = pane.find('[data-testid=import-input]');
    const file = new File(['{}'], 'matters.xlsx');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flushPromises();
    expect(api.importFile).toHaveBeenCalledWith(file);
    expect(text(pane, 'run-error')).toContain('文件没有表头');
    expect(pane.find('[data-testid=import-template]').attributes('href')).toBe('/api/admin/catalog/template.xlsx');
  });
});
