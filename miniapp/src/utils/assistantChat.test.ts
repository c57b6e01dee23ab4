import {
  ASSISTANT_SENDER_NAME,
  CONTACT_STATUSES,
  fromView,
  HANDOFF_WORD,
  type MessageChoice,
  type MessageView,
} from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import { describe, expect, it, vi } from 'vitest';
import { chatApi } from '../realtime/testing';
import { createChatStore } from '../stores/chat';
import { activeChoicesKey, assistantExtras, chooseChoice, offersHandoff } from './assistantChat';

const HANDOFF: MessageChoice = { label: HANDOFF_WORD, value: HANDOFF_WORD, action: 'send' };
const AFTER_HOURS: MessageChoice[] = [
  { label: '预约办理', value: '预约办理', action: 'appointment' },
  { label: '留言', value: '留言', action: 'send' },
];

const answer = (seq: number, patch: Partial<MessageView> = {}) =>
  fromView(
    messageView(seq, { conversationId: 'c1', senderType: 'assistant', senderName: ASSISTANT_SENDER_NAME, ...patch }),
  );
const citizen = (seq: number, body: string) => fromView(messageView(seq, { conversationId: 'c1', body }));

describe('the assistant in the chat', () => {
  it('offers 转人工 only while the assistant serves the conversation', () => {
    expect(CONTACT_STATUSES.filter(offersHandoff)).toEqual(['assistant']);
    expect(offersHandoff(null)).toBe(false);
  });

  it('shows an answer’s guide card and its buttons', () => {
    const message = answer(2, {
      body: '办理结婚登记需要带身份证和户口簿。',
      matter: { id: 'm1', name: '内地居民结婚登记' },
      choices: [HANDOFF],
    });
    expect(assistantExtras(message, true)).toEqual({
      matter: { id: 'm1', name: '内地居民结婚登记' },
      choices: [{ label: '转人工', value: '转人工', action: 'send', enabled: true }],
    });
    expect(assistantExtras(message, false).choices.map((c) => c.enabled)).toEqual([false]);
    // Nothing under a seat's or the citizen's message, even if a view carried extras.
    expect(assistantExtras({ ...message, senderType: 'seat' }, true)).toEqual({ matter: null, choices: [] });
  });

  it('keeps only the newest answer’s buttons live, until the citizen answers or a seat takes over', () => {
    const greeting = answer(1, { choices: [HANDOFF] });
    const offer = answer(3, { choices: AFTER_HOURS });
    const messages = [greeting, citizen(2, '我要转人工'), offer];
    expect(activeChoicesKey(messages, 'assistant')).toBe(offer.key);
    expect(activeChoicesKey(messages.slice(0, 1), 'assistant')).toBe(greeting.key);
    // The citizen wrote after it: the buttons are history.
    expect(activeChoicesKey([...messages, citizen(4, '留言')], 'assistant')).toBeNull();
    // The newest answer has no buttons: the older ones stay greyed.
    expect(activeChoicesKey([...messages, answer(4, { body: '好的' })], 'assistant')).toBeNull();
    // A system notice between does not matter.
    const notice = fromView(messageView(4, { conversationId: 'c1', senderType: 'system', body: '提示' }));
    expect(activeChoicesKey([...messages, notice], 'assistant')).toBe(offer.key);
    expect(activeChoicesKey(messages, 'queued')).toBeNull();
    expect(activeChoicesKey(messages, 'ended')).toBeNull();
  });

  it('posts a send button’s value as the citizen’s message', async () => {
    const send = vi.fn(async (_id: string, req: { clientId: string; body: string }) =>
      messageView(5, { conversationId: 'c1', clientId: req.clientId, body: req.body }),
    );
    const store = createChatStore(chatApi({ send }));
    store.open('c1');
    const openAppointment = vi.fn();

    await chooseChoice(AFTER_HOURS[1]!, { send: (text) => store.send(text), openAppointment });
    expect(send).toHaveBeenCalledWith('c1', expect.objectContaining({ body: '留言' }));
    expect(store.state.messages.map((m) => [m.senderType, m.body])).toEqual([['citizen', '留言']]);
    expect(openAppointment).not.toHaveBeenCalled();
  });

  it('opens 在线预约 for an appointment button, without posting anything', async () => {
    const send = vi.fn();
    const openAppointment = vi.fn();
    await chooseChoice(AFTER_HOURS[0]!, { send, openAppointment });
    expect(openAppointment).toHaveBeenCalledTimes(1);
    expect(send).not.toHaveBeenCalled();
  });
});
