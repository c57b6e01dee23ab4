import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { seatView } from '@cloud-seat/contracts/testing';
import SeatStateSwitch from './SeatStateSwitch.vue';

describe('SeatStateSwitch', () => {
  it('shows the state in Chinese with its reason and load', () => {
    const wrapper = mount(SeatStateSwitch, {
      props: { seat: seatView({ state: 'paused', pauseReason: 'meeting', activeContacts: 1 }) },
    });
    const button = wrapper.get('[data-testid=seat-state]');
    expect(button.attributes('data-state')).toBe('paused');
    expect(button.text()).toContain('暂停服务 · 会议');
    expect(button.text()).toContain('1/3');
  });

  it('counts a wrap-up down', () => {
    const pauseEndsAt = new Date(Date.now() + 25_000).toISOString();
    const wrapper = mount(SeatStateSwitch, {
      props: { seat: seatView({ state: 'paused', pauseReason: 'wrap_up', pauseEndsAt }) },
    });
    expect(wrapper.get('[data-testid=seat-state]').text()).toMatch(/暂停服务 · 话后整理 · 2[45]秒/);
  });

  it('emits the state request of the chosen option', async () => {
    const wrapper = mount(SeatStateSwitch, { props: { seat: seatView() }, attachTo: document.body });
    await wrapper.get('[data-testid=seat-state]').trigger('click');
    const dropdown = wrapper.findComponent({ name: 'ElDropdown' });
    dropdown.vm.$emit('command', 'paused-training');
    dropdown.vm.$emit('command', 'idle');
    expect(wrapper.emitted('change')).toEqual([[{ state: 'paused', reason: 'training' }], [{ state: 'idle' }]]);
    wrapper.unmount();
  });
});
