import type { QuickReplyView } from '@cloud-seat/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { regionsApi } from '@/api/regions';
import { faqsApi, teamQuickRepliesApi } from '@/api/teamLibrary';
import FaqDialog from './FaqDialog.vue';
import FaqPane from './FaqPane.vue';
import TeamQuickReplyDialog from './TeamQuickReplyDialog.vue';
import TeamQuickReplyPane from './TeamQuickReplyPane.vue';

vi.mock('@/api/teamLibrary', () => ({
  teamQuickRepliesApi: { list: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
  faqsApi: { list: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));
vi.mock('@/api/regions', () => ({ regionsApi: { seats: vi.fn(), roster: vi.fn(), matters: vi.fn() } }));
const phrasesApi = vi.mocked(teamQuickRepliesApi);
const questionsApi = vi.mocked(faqsApi);

const greeting: QuickReplyView = {
  id: '11111111-1111-4111-8111-111111111111',
  scope: 'team',
  shortcut: 'hy',
  title: '问候',
  text: '{市民姓名}您好',
  rendered: '{市民姓名}您好',
  regionCode: '150602',
  category: '综合咨询',
  updatedAt: '2026-11-25T08:00:00.000Z',
};

/** Element Plus puts the test id on the wrapper or on the input itself. */
const field = (testId: string) =>
  document.querySelector<HTMLInputElement | HTMLTextAreaElement>(
    `[data-testid=${testId}] input, [data-testid=${testId}] textarea, input[data-testid=${testId}], textarea[data-testid=${testId}]`,
  )!;
function type(testId: string, value: string) {
  const el = field(testId);
  el.value = value;
  el.dispatchEvent(new Event('input'));
}
const button = (testId: string) => document.querySelector<HTMLButtonElement>(`[data-testid=${testId}]`)!;

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(regionsApi.matters).mockResolvedValue({ matters: [] });
  vi.mocked(regionsApi.roster).mockResolvedValue({ seats: [] });
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('TeamQuickReplyDialog', () => {
  it("shows the engine's refusal (an unknown variable) in the form and stays open; saves once corrected", async () => {
    const dialog = mount(TeamQuickReplyDialog, {
      props: { modelValue: false, regionCode: '150602', phrase: null, category: '社会保障' },
      attachTo: document.body,
    });
    await dialog.setProps({ modelValue: true });
    await flushPromises();
    type('team-phrase-shortcut', 'cl');
    type('team-phrase-title', '材料提醒');
    type('team-phrase-text', '{市民名字}请带好身份证。');
    await flushPromises();
    phrasesApi.create.mockRejectedValueOnce(
      new ApiError(400, 'VALIDATION_FAILED', '短语中有无法识别的变量：{市民名字}。可用的变量：{市民姓名}'),
    );
    button('team-phrase-save').click();
    await flushPromises();
    expect(document.querySelector('[data-testid=team-phrase-error]')!.textContent).toContain(
      '短语中有无法识别的变量：{市民名字}',
    );
    expect(dialog.emitted('update:modelValue')).toBeUndefined();

    type('team-phrase-text', '{市民姓名}请带好身份证。');
    await flushPromises();
    phrasesApi.create.mockResolvedValueOnce({ quickReply: { ...greeting, shortcut: 'cl', category: '社会保障' } });
    button('team-phrase-save').click();
    await flushPromises();
    expect(phrasesApi.create).toHaveBeenLastCalledWith({
      regionCode: '150602',
      category: '社会保障',
      shortcut: 'cl',
      title: '材料提醒',
      text: '{市民姓名}请带好身份证。',
    });
    expect(dialog.emitted('update:modelValue')).toEqual([[false]]);
    expect(dialog.emitted('saved')).toHaveLength(1);
    dialog.unmount();
  });

  it('edits a phrase with its own values', async () => {
    const dialog = mount(TeamQuickReplyDialog, {
      props: { modelValue: false, regionCode: '150602', phrase: greeting },
      attachTo: document.body,
    });
    await dialog.setProps({ modelValue: true });
    await flushPromises();
    expect(field('team-phrase-shortcut').value).toBe('hy');
    expect(field('team-phrase-text').value).toBe('{市民姓名}您好');
    expect(document.body.textContent).toContain('编辑团队短语');
    phrasesApi.update.mockResolvedValueOnce({ quickReply: greeting });
    button('team-phrase-save').click();
    await flushPromises();
    expect(phrasesApi.update).toHaveBeenCalledWith(greeting.id, expect.objectContaining({ category: '综合咨询' }));
    dialog.unmount();
  });
});

describe('TeamQuickReplyPane and FaqPane', () => {
  it("lists a region's team phrases, reloads for another region, and says when there are none", async () => {
    phrasesApi.list.mockResolvedValueOnce({ quickReplies: [greeting] }).mockResolvedValueOnce({ quickReplies: [] });
    const pane = mount(TeamQuickReplyPane, { props: { regionCode: '150602' }, attachTo: document.body });
    await flushPromises();
    expect(pane.findAll('[data-testid=team-phrase-row]').map((r) => r.text())).toEqual(['/hy']);
    expect(pane.text()).toContain('共 1 条');
    await pane.setProps({ regionCode: '150603' });
    await flushPromises();
    expect(phrasesApi.list).toHaveBeenLastCalledWith('150603');
    expect(pane.text()).toContain('本区域还没有团队短语');
    pane.unmount();
  });

  it("shows the server's message with 重试 when the list cannot be read", async () => {
    questionsApi.list
      .mockRejectedValueOnce(new ApiError(403, 'OUT_OF_SCOPE', '该数据不在您的管辖区域内'))
      .mockResolvedValueOnce({ faqs: [] });
    const pane = mount(FaqPane, { props: { regionCode: '150603' }, attachTo: document.body });
    await flushPromises();
    const error = pane.find('[data-testid=faqs-error]');
    expect(error.text()).toContain('该数据不在您的管辖区域内');
    await error.find('button').trigger('click');
    await flushPromises();
    expect(pane.find('[data-testid=faqs-error]').exists()).toBe(false);
    expect(pane.text()).toContain('本区域还没有常见问题');
    pane.unmount();
  });
});

describe('FaqDialog', () => {
  it('saves a new question with the next sort and no matter, and shows a duplicate refused', async () => {
    const dialog = mount(FaqDialog, {
      props: { modelValue: false, regionCode: '150602', faq: null, nextSort: 40 },
      attachTo: document.body,
    });
    await dialog.setProps({ modelValue: true });
    await flushPromises();
    type('faq-question', '社保卡丢了怎么办？');
    type('faq-answer', '请携带身份证到任一社保网点挂失补办。');
    await flushPromises();
    questionsApi.create.mockRejectedValueOnce(new ApiError(409, 'CONFLICT', '该区域已有问题“社保卡丢了怎么办？”'));
    button('faq-save').click();
    await flushPromises();
    expect(questionsApi.create).toHaveBeenCalledWith({
      regionCode: '150602',
      question: '社保卡丢了怎么办？',
      answer: '请携带身份证到任一社保网点挂失补办。',
      matterId: null,
      category: null,
      sort: 40,
    });
    expect(document.querySelector('[data-testid=faq-error]')!.textContent).toContain('该区域已有问题');
    dialog.unmount();
  });
});
