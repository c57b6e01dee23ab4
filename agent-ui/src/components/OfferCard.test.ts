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
});
