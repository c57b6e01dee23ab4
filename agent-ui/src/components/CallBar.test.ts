import { offerView } from '@cloud-seat/contracts/testing';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallState } from '@/stores/phone';
import CallBar from './CallBar.vue';
import OfferCard from './OfferCard.vue';

const T0 = Date.parse('2026-11-29T21:00:00.000Z');
const call = (patch: Partial<CallState> = {}): CallState => ({
  conversationId: 'conv-1',
  media: 'audio',
  remoteName: '王先生',
  answering: false,
  answeredAt: T0,
  muted: false,
  held: false,
  cameraOff: false,
  ...patch,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0 + 65_000);
});
afterEach(() => vi.useRealTimers());

describe('CallBar', () => {
  it('shows the running time and sends the controls', async () => {
    const wrapper = mount(CallBar, {
      props: { call: call(), citizenName: '王先生', localStream: null, remoteStream: null },
    });
    expect(wrapper.get('[data-testid=call-timer]').text()).toBe('1:05');
    expect(wrapper.find('[data-testid=call-camera]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=local-video]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=remote-video]').exists()).toBe(true);

    await wrapper.get('[data-testid=call-mute]').trigger('click');
    await wrapper.get('[data-testid=call-hold]').trigger('click');
    await wrapper.get('[data-testid=call-dtmf]').trigger('click');
    await wrapper.get('[data-testid="call-dtmf-#"]').trigger('click');
    await wrapper.get('[data-testid=call-transfer]').trigger('click');
    await wrapper.get('[data-testid=call-hangup]').trigger('click');
    expect(Object.keys(wrapper.emitted())).toEqual(
      expect.arrayContaining(['mute', 'hold', 'dtmf', 'transfer', 'hangup']),
    );
    expect(wrapper.emitted('dtmf')).toEqual([['#']]);

    vi.advanceTimersByTime(10_000);
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-testid=call-timer]').text()).toBe('1:15');
  });

  it('has the camera switch and the local preview in video calls, and says 恢复 while held', async () => {
    const wrapper = mount(CallBar, {
      props: {
        call: call({ media: 'video', held: true, muted: true }),
        citizenName: '王先生',
        localStream: null,
        remoteStream: null,
      },
    });
    expect(wrapper.find('[data-testid=local-video]').exists()).toBe(true);
    expect(wrapper.get('[data-testid=call-hold]').text()).toBe('恢复');
    expect(wrapper.get('[data-testid=call-mute]').text()).toBe('取消静音');
    await wrapper.get('[data-testid=call-camera]').trigger('click');
    expect(wrapper.emitted('camera')).toHaveLength(1);
  });
});

describe('OfferCard ringing', () => {
  it('turns the offer into 来电 with 接听 / 拒接 while the softphone rings for it', async () => {
    const base = offerView('o1');
    const offer = { ...base, conversation: { ...base.conversation, matter: { id: 'm1', name: '社保卡补办' } } };
    const wrapper = mount(OfferCard, {
      props: { offer: offer as typeof base, busy: false, ringing: { media: 'video', answering: false } },
    });
    const incoming = wrapper.get('[data-testid=call-incoming]');
    expect(incoming.text()).toContain('来电');
    expect(incoming.text()).toContain('王先生');
    expect(incoming.text()).toContain('社保卡补办');
    expect(incoming.text()).toContain('视频通话');
    expect(wrapper.find('[data-testid=offer-accept]').exists()).toBe(false);
    await wrapper.get('[data-testid=call-answer]').trigger('click');
    await wrapper.get('[data-testid=call-reject]').trigger('click');
    expect(wrapper.emitted('answerCall')).toHaveLength(1);
    expect(wrapper.emitted('rejectCall')).toHaveLength(1);

    await wrapper.setProps({ ringing: null });
    expect(wrapper.find('[data-testid=call-incoming]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=offer-accept]').exists()).toBe(true);
  });
});
