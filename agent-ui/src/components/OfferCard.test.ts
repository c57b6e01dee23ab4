import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { conversationView, offerView } from '@cloud-seat/contracts/testing';
import OfferCard from './OfferCard.vue';

describe('OfferCard', () => {
  it('marks a contact that keeps an appointment, and the team it queued under', () => {
    const base = offerView('o1');
    const offer = {
      ...base,
      conversation: conversationView({ ...base.conversation, appointmentId: 'appt-1', category: '社会保障' }),
    };
    const wrapper = mount(OfferCard, { props: { offer, busy: false } });
    expect(wrapper.find('[data-testid=offer-appointment]').exists()).toBe(true);
    expect(wrapper.text()).toContain('社会保障');
  });

  it('shows no appointment mark for an ordinary contact', () => {
    const wrapper = mount(OfferCard, { props: { offer: offerView('o2'), busy: false } });
    expect(wrapper.find('[data-testid=offer-appointment]').exists()).toBe(false);
  });

  it('shows who transfers the contact and their note', () => {
    const offer = {
      ...offerView('o3'),
      transfer: { fromSeat: { id: 's1', name: '刘敏', jobNumber: 'DS001' }, note: '咨询社保转移' },
    };
    const wrapper = mount(OfferCard, { props: { offer, busy: false } });
    expect(wrapper.find('[data-testid=offer-transfer]').text()).toBe('转接自 刘敏（DS001）：咨询社保转移');
    const plain = mount(OfferCard, { props: { offer: offerView('o4'), busy: false } });
    expect(plain.find('[data-testid=offer-transfer]').exists()).toBe(false);
  });
});
