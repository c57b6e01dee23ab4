import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuickReplyView } from '@cloud-seat/contracts';
import { quickRepliesApi } from '@/api/quickReplies';
import QuickReplyPicker from './QuickReplyPicker.vue';

vi.mock('@/api/quickReplies', () => ({
  quickRepliesApi: { search: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));

const phrase = (shortcut: string, rendered: string): QuickReplyView => ({
  id: `id-${shortcut}`,
  scope: 'team',
  shortcut,
  title: shortcut,
  text: rendered,
  rendered,
  regionCode: '150602',
  category: '综合咨询',
  updatedAt: '2026-11-25T08:00:00.000Z',
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
  vi.mocked(quickRepliesApi.search).mockResolvedValue({
    quickReplies: [phrase('hy', '王先生您好'), phrase('hyjh', '结婚登记材料')],
  });
});

const key = (k: string) => new KeyboardEvent('keydown', { key: k, cancelable: true });

describe('QuickReplyPicker', () => {
  it('opens on "/" with the draft as the query, and Enter chooses the highlighted phrase', async () => {
    const wrapper = mount(QuickReplyPicker, { props: { conversationId: 'conv-1', draft: '' } });
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(false);
    await wrapper.setProps({ draft: '/hy' });
    await vi.advanceTimersByTimeAsync(200);
    await flushPromises();
    expect(quickRepliesApi.search).toHaveBeenCalledWith('hy', 'conv-1');
    expect(wrapper.findAll('[data-testid=quick-reply-item]')).toHaveLength(2);

    const picker = wrapper.vm as unknown as { handleKey: (e: KeyboardEvent) => boolean };
    expect(picker.handleKey(key('ArrowDown'))).toBe(true);
    expect(picker.handleKey(key('a'))).toBe(false);
    expect(picker.handleKey(key('Enter'))).toBe(true);
    expect(wrapper.emitted('insert')).toEqual([['结婚登记材料']]);
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(false);
  });

  it('closes when the draft stops being a "/query", and leaves keys alone when closed', async () => {
    const wrapper = mount(QuickReplyPicker, { props: { conversationId: 'conv-1', draft: '/' } });
    await wrapper.setProps({ draft: '/h' });
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(true);
    await wrapper.setProps({ draft: '/h 你好' });
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(false);
    const picker = wrapper.vm as unknown as { handleKey: (e: KeyboardEvent) => boolean };
    expect(picker.handleKey(key('Enter'))).toBe(false);
  });

  it('opens from the button with a search box, and a click inserts the rendered text', async () => {
    const wrapper = mount(QuickReplyPicker, { props: { conversationId: 'conv-2', draft: '已有内容' } });
    await wrapper.find('[data-testid=quick-reply-button]').trigger('click');
    await vi.advanceTimersByTimeAsync(200);
    await flushPromises();
    expect(quickRepliesApi.search).toHaveBeenCalledWith('', 'conv-2');
    await wrapper.findAll('[data-testid=quick-reply-item]')[0]!.trigger('mousedown');
    expect(wrapper.emitted('insert')).toEqual([['王先生您好']]);
  });

  it('closes on a click elsewhere on the page', async () => {
    const wrapper = mount(QuickReplyPicker, {
      props: { conversationId: 'conv-3', draft: '' },
      attachTo: document.body,
    });
    await wrapper.find('[data-testid=quick-reply-button]').trigger('click');
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(true);
    document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid=quick-reply-panel]').exists()).toBe(false);
    wrapper.unmount();
  });
});
