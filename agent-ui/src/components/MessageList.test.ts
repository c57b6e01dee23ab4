import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ASSISTANT_SENDER_NAME, FAQ_ANSWER_SENDER_NAME, fromView, HANDOFF_WORD } from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import { catalogApi } from '@/api/catalog';
import { matterGuide, MATTER_ID } from '@/test/catalogViews';
import MessageList from './MessageList.vue';

vi.mock('@/api/catalog', () => ({ catalogApi: { guide: vi.fn() } }));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('MessageList', () => {
  it('shows an FAQ answer as an answer bubble and a plain system line as a notice', () => {
    const messages = [
      fromView(messageView(1, { senderType: 'system', senderName: '系统', body: '您已进入排队' })),
      fromView(messageView(2, { senderType: 'system', senderName: FAQ_ANSWER_SENDER_NAME, body: '请携带身份证。' })),
    ];
    const wrapper = mount(MessageList, { props: { messages } });
    const [notice, answer] = wrapper.findAll('[data-testid=message]');
    expect(notice!.find('.msg__system').text()).toBe('您已进入排队');
    expect(answer!.find('.msg__system').exists()).toBe(false);
    expect(answer!.text()).toContain(FAQ_ANSWER_SENDER_NAME);
    expect(answer!.text()).toContain('请携带身份证。');
  });

  it('shows 已读 under the seat’s own messages the citizen has read, 已送达 after', () => {
    const messages = [3, 4].map((seq) => fromView(messageView(seq, { senderType: 'seat', senderName: '刘敏' })));
    const wrapper = mount(MessageList, { props: { messages, citizenReadSeq: 3 } });
    expect(wrapper.findAll('[data-testid=receipt]').map((r) => r.text())).toEqual(['已读', '已送达']);
  });

  it('shows the assistant’s part apart: its label, the guide it linked, the citizen’s buttons as chips, and where it ended', async () => {
    setActivePinia(createPinia());
    vi.mocked(catalogApi.guide).mockResolvedValue(matterGuide());
    const assistant = (seq: number, patch: Parameters<typeof messageView>[1] = {}) =>
      fromView(messageView(seq, { senderType: 'assistant', senderName: ASSISTANT_SENDER_NAME, ...patch }));
    const messages = [
      assistant(1, {
        body: '您好，我是政务服务智能助手。',
        choices: [{ label: HANDOFF_WORD, value: HANDOFF_WORD, action: 'send' }],
      }),
      fromView(messageView(2, { body: '结婚登记要带什么' })),
      assistant(3, { body: '请带身份证和户口簿。', matter: { id: MATTER_ID, name: '内地居民结婚登记' } }),
      fromView(messageView(4, { body: HANDOFF_WORD })),
      assistant(5, { body: '好的，正在为您转接人工坐席。' }),
      fromView(messageView(6, { senderType: 'system', senderName: '系统', body: '您已进入排队' })),
      fromView(messageView(7, { senderType: 'seat', senderName: '刘敏', body: '您好，我是刘敏' })),
    ];
    const wrapper = mount(MessageList, { props: { messages }, attachTo: document.body });
    const shown = wrapper.findAll('[data-testid=message]');
    expect(shown.map((m) => m.attributes('data-sender'))).toEqual([
      'assistant',
      'citizen',
      'assistant',
      'citizen',
      'assistant',
      'system',
      'seat',
    ]);
    expect(shown[0]!.text()).toContain(ASSISTANT_SENDER_NAME);
    expect(shown[0]!.find('.msg__assistant').exists()).toBe(true);
    // The citizen's buttons: grey chips, nothing the seat can press.
    const chip = shown[0]!.find('[data-testid=assistant-choice]');
    expect(chip.text()).toBe(HANDOFF_WORD);
    expect(chip.element.tagName).toBe('SPAN');
    expect(shown[6]!.find('[data-testid=assistant-choice]').exists()).toBe(false);

    // One line, right after the assistant's last message.
    const dividers = wrapper.findAll('[data-testid=assistant-divider]');
    expect(dividers).toHaveLength(1);
    expect(dividers[0]!.text()).toBe('以上为智能助手接待记录');
    expect(dividers[0]!.element.previousElementSibling).toBe(shown[4]!.element);

    // The guide the answer linked opens beside it, asked for on the first click.
    const matter = shown[2]!.find('[data-testid=assistant-matter]');
    expect(matter.text()).toContain('内地居民结婚登记');
    expect(catalogApi.guide).not.toHaveBeenCalled();
    await matter.trigger('click');
    await flushPromises();
    expect(catalogApi.guide).toHaveBeenCalledWith(MATTER_ID);
    expect(document.body.querySelector('.extras__guide')?.textContent).toContain('结婚登记声明书');
  });

  it('draws no assistant line in a conversation the assistant never served', () => {
    const messages = [fromView(messageView(1)), fromView(messageView(2, { senderType: 'seat', senderName: '刘敏' }))];
    expect(mount(MessageList, { props: { messages } }).find('[data-testid=assistant-divider]').exists()).toBe(false);
  });
});
