import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TicketActions from './TicketActions.vue';

describe('TicketActions', () => {
  it('offers only the allowed actions, in the usual order', () => {
    const wrapper = mount(TicketActions, { props: { allowed: ['reopen', 'note'], busy: false } });
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['备注', '重新打开']);
    expect(
      mount(TicketActions, { props: { allowed: [], busy: false } })
        .find('[data-testid=ticket-actions]')
        .exists(),
    ).toBe(false);
  });

  it('asks for the note an escalation needs, then emits it', async () => {
    const wrapper = mount(TicketActions, {
      props: { allowed: ['escalate', 'close'], busy: false },
      attachTo: document.body,
    });
    await wrapper.find('[data-testid=ticket-action-escalate]').trigger('click');
    const confirm = () => document.querySelector<HTMLButtonElement>('[data-testid=ticket-action-confirm]')!;
    confirm().click();
    await wrapper.vm.$nextTick();
    expect(document.body.textContent).toContain('请填写说明');
    expect(wrapper.emitted('act')).toBeUndefined();

    const note = document.querySelector<HTMLTextAreaElement>(
      '[data-testid=ticket-action-note] textarea, textarea[data-testid=ticket-action-note]',
    )!;
    note.value = '群众要求书面答复';
    note.dispatchEvent(new Event('input'));
    await wrapper.vm.$nextTick();
    confirm().click();
    const [action, text] = wrapper.emitted('act')![0]!;
    expect([action, text]).toEqual(['escalate', '群众要求书面答复']);
    wrapper.unmount();
  });

  it('closes without a note', async () => {
    const wrapper = mount(TicketActions, { props: { allowed: ['close'], busy: false }, attachTo: document.body });
    await wrapper.find('[data-testid=ticket-action-close]').trigger('click');
    document.querySelector<HTMLButtonElement>('[data-testid=ticket-action-confirm]')!.click();
    expect(wrapper.emitted('act')![0]!.slice(0, 2)).toEqual(['close', '']);
    wrapper.unmount();
  });
});
