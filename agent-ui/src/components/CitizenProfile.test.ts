import { flushPromises, mount } from '@vue/test-utils';
import { ElMessageBox } from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationView } from '@cloud-seat/contracts/testing';
import { citizensApi } from '@/api/citizens';
import CitizenProfile from './CitizenProfile.vue';

vi.mock('@/api/citizens', () => ({ citizensApi: { profile: vi.fn(), reveal: vi.fn(), history: vi.fn() } }));
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: { error: vi.fn() },
  ElMessageBox: { prompt: vi.fn() },
}));

const profile = {
  id: 'cit-1',
  displayName: '王先生',
  identityType: 'legal' as const,
  elderMode: false,
  phone: '150****1234',
  idNumber: '1101**********002X',
  enterpriseName: '鄂尔多斯市云坐席科技有限公司',
  creditCode: '91350100M000100Y43',
  serviceCount: 2,
};

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(citizensApi.profile).mockResolvedValue({ profile });
  vi.mocked(citizensApi.history).mockResolvedValue({
    tickets: [],
    total: 0,
    totalCapped: false,
    page: 1,
    pageSize: 5,
    nextCursor: null,
  });
});

describe('CitizenProfile', () => {
  it('shows masked numbers and the enterprise of a 法人', async () => {
    const wrapper = mount(CitizenProfile, { props: { conversation: conversationView() } });
    await flushPromises();
    expect(citizensApi.profile).toHaveBeenCalledWith('cit-1');
    expect(wrapper.find('[data-testid=profile-phone]').text()).toBe('150****1234');
    expect(wrapper.find('[data-testid=profile-idNumber]').text()).toBe('1101**********002X');
    expect(wrapper.text()).toContain('鄂尔多斯市云坐席科技有限公司');
  });

  it('reveals a number only after the seat gives a reason', async () => {
    vi.mocked(ElMessageBox.prompt).mockResolvedValue({ value: ' 核实办事人身份 ', action: 'confirm' } as never);
    vi.mocked(citizensApi.reveal).mockResolvedValue({ field: 'idNumber', value: '11010519491231002X' });
    const wrapper = mount(CitizenProfile, { props: { conversation: conversationView() } });
    await flushPromises();
    await wrapper.find('[data-testid=reveal-idNumber]').trigger('click');
    await flushPromises();
    expect(citizensApi.reveal).toHaveBeenCalledWith('cit-1', { field: 'idNumber', reason: '核实办事人身份' });
    expect(wrapper.find('[data-testid=profile-idNumber]').text()).toBe('11010519491231002X');
    expect(wrapper.find('[data-testid=reveal-idNumber]').exists()).toBe(false);
  });

  it('does not reveal when the seat cancels', async () => {
    vi.mocked(ElMessageBox.prompt).mockRejectedValue('cancel');
    const wrapper = mount(CitizenProfile, { props: { conversation: conversationView() } });
    await flushPromises();
    await wrapper.find('[data-testid=reveal-phone]').trigger('click');
    await flushPromises();
    expect(citizensApi.reveal).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid=profile-phone]').text()).toBe('150****1234');
  });
});
