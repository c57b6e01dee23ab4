import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { catalogAdminApi } from '@/api/catalog';
import { useScenariosStore } from '@/stores/scenarios';
import { catalogEntry } from '@/test/catalogViews';
import ScenarioPane from './ScenarioPane.vue';

vi.mock('@/api/catalog', () => ({
  catalogAdminApi: { entries: vi.fn(), scenario: vi.fn(), saveScenario: vi.fn() },
}));
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: { success: vi.fn(), error: vi.fn(), info: vi.fn() },
  ElMessageBox: { confirm: vi.fn() },
}));
const api = vi.mocked(catalogAdminApi);

const marriage = catalogEntry('000129001000', '内地居民结婚登记');
const divorce = catalogEntry('000129002000', '内地居民离婚登记');
const remarriage = catalogEntry('000129003000', '恢复结婚登记');
const certificate = catalogEntry('000129004000', '补领婚姻登记证');

async function mountAt(theme: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/settings/scenarios', name: 'settings-scenarios', component: ScenarioPane }],
  });
  await router.push({ name: 'settings-scenarios', query: { theme } });
  const wrapper = mount(ScenarioPane, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}
const names = (wrapper: ReturnType<typeof mount>) =>
  wrapper.findAll('[data-testid=scenario-matters] .el-table__body tr').map((tr) => tr.findAll('td')[1]?.text());

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  api.scenario.mockResolvedValue({ entries: [marriage, divorce, remarriage] });
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('ScenarioPane', () => {
  it('moves, removes and adds matters, then saves the order as basic codes', async () => {
    const pane = await mountAt('p-marriage');
    expect(api.scenario).toHaveBeenCalledWith('p-marriage');
    expect(names(pane)).toEqual(['内地居民结婚登记', '内地居民离婚登记', '恢复结婚登记']);
    expect(pane.find('[data-testid=scenario-save]').attributes('disabled')).toBeDefined();
    expect(pane.find(`[data-testid=move-up-${marriage.basicCode}]`).attributes('disabled')).toBeDefined();

    await pane.find(`[data-testid=move-down-${marriage.basicCode}]`).trigger('click');
    await pane.find(`[data-testid=move-up-${remarriage.basicCode}]`).trigger('click');
    expect(names(pane)).toEqual(['内地居民离婚登记', '恢复结婚登记', '内地居民结婚登记']);
    await pane.find(`[data-testid=remove-${divorce.basicCode}]`).trigger('click');

    // Add from a search of the catalog: the one already in the theme cannot be added again.
    api.entries.mockResolvedValue({ entries: [certificate, marriage] });
    const input = pane.find<HTMLInputElement>('[data-testid=scenario-add] input');
    await input.setValue('婚姻');
    await new Promise((r) => setTimeout(r, 400));
    await flushPromises();
    expect(api.entries).toHaveBeenCalledWith({ q: '婚姻' });
    const options = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')];
    expect(options.map((o) => o.classList.contains('is-disabled'))).toEqual([false, true]);
    options[0]!.click();
    await flushPromises();
    expect(names(pane)).toEqual(['恢复结婚登记', '内地居民结婚登记', '补领婚姻登记证']);

    api.saveScenario.mockResolvedValue({ entries: [remarriage, marriage, certificate] });
    await pane.find('[data-testid=scenario-save]').trigger('click');
    await flushPromises();
    expect(api.saveScenario).toHaveBeenCalledWith('p-marriage', {
      basicCodes: [remarriage.basicCode, marriage.basicCode, certificate.basicCode],
    });
    expect(useScenariosStore().dirty).toBe(false);
  });

  it('puts back the saved order on 撤销更改 and does not add a matter twice', async () => {
    const pane = await mountAt('p-marriage');
    const store = useScenariosStore();
    await pane.find(`[data-testid=remove-${marriage.basicCode}]`).trigger('click');
    expect(store.add(divorce)).toBe(false);
    expect(store.dirty).toBe(true);
    await pane.find('[data-testid=scenario-reset]').trigger('click');
    expect(names(pane)).toEqual(['内地居民结婚登记', '内地居民离婚登记', '恢复结婚登记']);
    expect(store.dirty).toBe(false);
  });
});
