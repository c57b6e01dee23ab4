import { conversationView } from '@cloud-seat/contracts/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogApi } from '@/api/catalog';
import { citizensApi } from '@/api/citizens';
import { matterGuide, MATTER_ID } from '@/test/catalogViews';
import ConversationAside from './ConversationAside.vue';

vi.mock('@/api/citizens', () => ({ citizensApi: { profile: vi.fn(), reveal: vi.fn(), history: vi.fn() } }));
vi.mock('@/api/catalog', () => ({
  catalogApi: { search: vi.fn(), guide: vi.fn(), setConversationMatter: vi.fn() },
}));

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(citizensApi.profile).mockRejectedValue(new Error('offline'));
  vi.mocked(citizensApi.history).mockRejectedValue(new Error('offline'));
  vi.mocked(catalogApi.guide).mockResolvedValue(matterGuide());
});

describe('ConversationAside', () => {
  it('marks 事项 when a matter is set while the seat reads the profile, until it is opened', async () => {
    const aside = mount(ConversationAside, { props: { conversation: conversationView(), serving: true } });
    await flushPromises();
    expect(aside.find('[data-testid=citizen-profile]').isVisible()).toBe(true);
    expect(aside.find('[data-testid=aside-matter-new]').exists()).toBe(false);

    await aside.setProps({
      conversation: conversationView({ matter: { id: MATTER_ID, name: '内地居民结婚登记' }, matterSource: 'detected' }),
    });
    expect(aside.find('[data-testid=aside-matter]').text()).toContain('内地居民结婚登记');
    expect(aside.find('[data-testid=aside-matter-new]').exists()).toBe(true);

    await aside.find('[data-testid=aside-matter]').trigger('click');
    await flushPromises();
    expect(aside.find('[data-testid=aside-matter-new]').exists()).toBe(false);
    expect(aside.find('[data-testid=matter-pane]').isVisible()).toBe(true);
    expect(aside.find('[data-testid=matter-guide-name]').text()).toBe('内地居民结婚登记');

    // Another conversation selected: no mark carried over.
    await aside.find('[data-testid=aside-citizen]').trigger('click');
    await aside.setProps({ conversation: conversationView({ id: 'conv-2', matter: { id: MATTER_ID, name: 'x' } }) });
    expect(aside.find('[data-testid=aside-matter-new]').exists()).toBe(false);
  });
});
