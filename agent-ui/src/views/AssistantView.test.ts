import type { AssistantSettingsView } from '@cloud-seat/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { assistantApi } from '@/api/assistant';
import { ApiError } from '@/api/client';
import AssistantView from './AssistantView.vue';

vi.mock('@/api/assistant', () => ({ assistantApi: { settings: vi.fn(), save: vi.fn() } }));
vi.mock('element-plus', async (importOriginal) => ({
  ...(await importOriginal<typeof import('element-plus')>()),
  ElMessage: { success: vi.fn(), error: vi.fn() },
}));
const api = vi.mocked(assistantApi);

const settings = (patch: Partial<AssistantSettingsView> = {}): AssistantSettingsView => ({
  regionCode: '150602',
  regionName: '东胜区',
  enabled: true,
  from: '00:00',
  to: '00:00',
  servingNow: true,
  seatsOnDutyNow: true,
  updatedAt: null,
  updatedBy: null,
  ...patch,
});
const dongsheng = settings();
const kangbashi = settings({
  regionCode: '150603',
  regionName: '康巴什区',
  enabled: false,
  from: '17:30',
  to: '08:30',
  servingNow: false,
  seatsOnDutyNow: false,
  updatedAt: '2026-11-25T08:00:00.000Z',
  updatedBy: '管理员',
});

/** Element Plus puts the test id on the wrapper or on the input itself. */
const input = (testId: string) =>
  document.querySelector<HTMLInputElement>(`[data-testid=${testId}] input, input[data-testid=${testId}]`)!;
function type(testId: string, value: string) {
  const field = input(testId);
  field.value = value;
  field.dispatchEvent(new Event('input'));
}
const el = (testId: string) => document.querySelector<HTMLElement>(`[data-testid=${testId}]`)!;

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', name: 'settings-assistant', component: AssistantView }],
  });
  await router.push('/');
  const view = mount(AssistantView, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return view;
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  api.settings.mockResolvedValue({ assistant: 'embedded', regions: [dongsheng, kangbashi] });
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('AssistantView', () => {
  it('shows the engine’s assistant and each region with its hours and what holds now', async () => {
    await mountView();
    expect(el('assistant-kind').textContent).toBe('内置 NLU');
    expect(document.body.textContent).toContain('ASSISTANT=off');
    expect(input('assistant-from-150603').value).toBe('17:30');
    expect(input('assistant-to-150603').value).toBe('08:30');
    expect(el('assistant-status-150602').textContent).toContain('当前由助手接待');
    expect(el('assistant-status-150602').textContent).toContain('当前有坐席值班');
    expect(el('assistant-status-150603').textContent).toContain('无坐席值班（转人工时提供预约或留言）');
    expect(document.body.textContent).toContain('起止相同表示全天');
    // Nothing changed yet: nothing to save.
    expect(el('assistant-save-150602').hasAttribute('disabled')).toBe(true);
  });

  it('says so when the engine runs without an assistant', async () => {
    api.settings.mockResolvedValue({ assistant: 'off', regions: [dongsheng] });
    await mountView();
    expect(el('assistant-kind').textContent).toBe('已关闭');
  });

  it('saves one row with PUT and its body, and takes the engine’s answer', async () => {
    await mountView();
    type('assistant-from-150602', '08:30');
    type('assistant-to-150602', '17:30');
    el('assistant-enabled-150602').click();
    // Another row's edit stays while the first one is saved.
    type('assistant-from-150603', '18:00');
    await flushPromises();
    const saved = settings({
      enabled: false,
      from: '08:30',
      to: '17:30',
      servingNow: false,
      updatedAt: '2026-11-25T09:00:00.000Z',
      updatedBy: '管理员',
    });
    api.save.mockResolvedValue({ settings: saved });
    el('assistant-save-150602').click();
    await flushPromises();
    expect(api.save).toHaveBeenCalledWith('150602', { enabled: false, from: '08:30', to: '17:30' });
    expect(ElMessage.success).toHaveBeenCalledWith('已保存东胜区的智能助手设置');
    expect(el('assistant-status-150602').textContent).toContain('当前直接转人工排队');
    expect(el('assistant-save-150602').hasAttribute('disabled')).toBe(true);
    expect(input('assistant-from-150603').value).toBe('18:00');
  });

  it('shows the engine’s refusal on the row, and a wrong time before asking', async () => {
    await mountView();
    type('assistant-from-150603', '8:30');
    await flushPromises();
    el('assistant-save-150603').click();
    await flushPromises();
    expect(api.save).not.toHaveBeenCalled();
    expect(el('assistant-error-150603').textContent).toContain('时间格式应为 HH:mm');

    type('assistant-from-150603', '18:00');
    await flushPromises();
    api.save.mockRejectedValue(new ApiError(403, 'FORBIDDEN', '无权设置该区域的智能助手'));
    el('assistant-save-150603').click();
    await flushPromises();
    expect(api.save).toHaveBeenCalledWith('150603', { enabled: false, from: '18:00', to: '08:30' });
    expect(el('assistant-error-150603').textContent).toContain('无权设置该区域的智能助手');
    expect(ElMessage.success).not.toHaveBeenCalled();
  });

  it('shows the engine’s message when the settings cannot be read', async () => {
    api.settings.mockRejectedValue(new ApiError(403, 'FORBIDDEN', '没有权限查看智能助手设置'));
    await mountView();
    expect(el('assistant-load-error').textContent).toContain('没有权限查看智能助手设置');
  });
});
