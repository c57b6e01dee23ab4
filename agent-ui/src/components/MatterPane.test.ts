import { conversationView } from '@cloud-seat/contracts/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, defineComponent, h } from 'vue';
import { catalogApi } from '@/api/catalog';
import { useConversationsStore } from '@/stores/conversations';
import { matterGuide, matterSummary, MATTER_ID, OTHER_MATTER_ID } from '@/test/catalogViews';
import MatterPane from './MatterPane.vue';

vi.mock('@/api/catalog', () => ({
  catalogApi: { search: vi.fn(), guide: vi.fn(), setConversationMatter: vi.fn() },
}));
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: { success: vi.fn(), error: vi.fn() },
}));
const api = vi.mocked(catalogApi);

const marriage = matterGuide();
const household = matterGuide({ id: OTHER_MATTER_ID, name: '户口迁移', onlineUrl: '', assistedFiling: true });

/** The pane as the workbench holds it: the selected conversation of the store. */
function mountPane(serving = true) {
  const conversations = useConversationsStore();
  const Host = defineComponent(() => {
    const c = computed(() => conversations.byId['conv-1']!);
    return () => h(MatterPane, { conversation: c.value, serving });
  });
  return mount(Host, { attachTo: document.body });
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  api.guide.mockImplementation(async (id) => (id === MATTER_ID ? marriage : household));
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('MatterPane', () => {
  it('shows the guide of the detected matter, marked for checking, and follows conversation.updated', async () => {
    const conversations = useConversationsStore();
    conversations.upsert(
      conversationView({ matter: { id: MATTER_ID, name: '内地居民结婚登记' }, matterSource: 'detected' }),
    );
    const pane = mountPane();
    await flushPromises();
    expect(api.guide).toHaveBeenCalledWith(MATTER_ID);
    expect(pane.find('[data-testid=matter-source]').text()).toContain('系统根据市民描述识别');
    expect(pane.find('[data-testid=matter-source]').text()).toContain('请与群众核实');
    expect(pane.find('[data-testid=matter-guide-name]').text()).toBe('内地居民结婚登记');
    // Materials: required first.
    expect(pane.findAll('[data-testid=matter-materials] li').map((li) => li.attributes('data-required'))).toEqual([
      'true',
      'false',
    ]);
    expect(pane.find('[data-testid=matter-limit]').text()).toContain('即办');
    expect(pane.find('[data-testid=matter-assisted]').exists()).toBe(false);

    // The citizen's side changed it (another push, or the engine): the pane follows.
    conversations.upsert(
      conversationView({ matter: { id: OTHER_MATTER_ID, name: '户口迁移' }, matterSource: 'carried' }),
    );
    await flushPromises();
    expect(api.guide).toHaveBeenLastCalledWith(OTHER_MATTER_ID);
    expect(pane.find('[data-testid=matter-guide-name]').text()).toBe('户口迁移');
    expect(pane.find('[data-testid=matter-source]').text()).toContain('市民从办事指南咨询');
    expect(pane.find('[data-testid=matter-assisted]').text()).toBe('可云坐席辅助申报');
    expect(pane.find('[data-testid=matter-copy-url]').exists()).toBe(false);
  });

  it('searches once typing pauses and pushes the chosen matter, which the pane then shows', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const conversations = useConversationsStore();
    conversations.upsert(conversationView());
    const pane = mountPane();
    await flushPromises();
    expect(pane.find('[data-testid=matter-empty]').exists()).toBe(true);

    api.search.mockResolvedValue({ matters: [matterSummary()] });
    const input = pane.find('input[data-testid=matter-search], [data-testid=matter-search] input');
    await input.setValue('j');
    await input.setValue('jhdj');
    await vi.advanceTimersByTimeAsync(299);
    expect(api.search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await flushPromises();
    expect(api.search).toHaveBeenCalledTimes(1);
    expect(api.search).toHaveBeenCalledWith('150602', 'jhdj');

    api.setConversationMatter.mockResolvedValue(
      conversationView({ matter: { id: MATTER_ID, name: '内地居民结婚登记' }, matterSource: 'seat' }),
    );
    await pane.find('[data-testid=matter-result] [data-testid=matter-push]').trigger('click');
    await flushPromises();
    expect(api.setConversationMatter).toHaveBeenCalledWith('conv-1', { matterId: MATTER_ID });
    expect(pane.find('[data-testid=matter-guide-name]').text()).toBe('内地居民结婚登记');
    expect(pane.find('[data-testid=matter-source]').text()).toContain('坐席推送');
    expect(pane.find('[data-testid=matter-results]').exists()).toBe(false);
    expect((input.element as HTMLInputElement).value).toBe('');
  });

  it('offers no search once the seat no longer serves the conversation', async () => {
    const conversations = useConversationsStore();
    conversations.upsert(conversationView({ status: 'ended' }));
    const pane = mountPane(false);
    await flushPromises();
    expect(pane.find('[data-testid=matter-search]').exists()).toBe(false);
    expect(pane.find('[data-testid=matter-empty]').text()).toBe('尚未确定咨询事项。');
  });
});
