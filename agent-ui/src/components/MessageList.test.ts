import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { FAQ_ANSWER_SENDER_NAME, fromView } from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import MessageList from './MessageList.vue';

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
});
