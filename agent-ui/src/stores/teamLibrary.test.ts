import type { FaqView, QuickReplyView } from '@cloud-seat/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { regionsApi } from '@/api/regions';
import { faqsApi, teamQuickRepliesApi } from '@/api/teamLibrary';
import { useTeamLibraryStore } from './teamLibrary';

vi.mock('@/api/teamLibrary', () => ({
  teamQuickRepliesApi: { list: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
  faqsApi: { list: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));
vi.mock('@/api/regions', () => ({ regionsApi: { seats: vi.fn(), roster: vi.fn(), matters: vi.fn() } }));
const phrasesApi = vi.mocked(teamQuickRepliesApi);
const questionsApi = vi.mocked(faqsApi);
const regions = vi.mocked(regionsApi);

const teamPhrase = (shortcut: string, category: string, patch: Partial<QuickReplyView> = {}): QuickReplyView => ({
  id: `id-${shortcut}`,
  scope: 'team',
  shortcut,
  title: `标题${shortcut}`,
  text: `{市民姓名}您好 ${shortcut}`,
  rendered: `{市民姓名}您好 ${shortcut}`,
  regionCode: '150602',
  category,
  updatedAt: '2026-11-25T08:00:00.000Z',
  ...patch,
});
const faq = (question: string, sort: number): FaqView => ({
  id: `faq-${question}`,
  regionCode: '150602',
  question,
  answer: `${question}的答案`,
  matterId: null,
  category: null,
  sort,
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  regions.matters.mockResolvedValue({
    matters: [{ id: 'm1', regionCode: '150602', code: 'M1', name: '结婚登记', category: '婚姻登记', summary: '' }],
  });
  regions.roster.mockResolvedValue({
    seats: [{ id: 's1', name: '刘敏', jobNumber: 'DS001', category: '社会保障', state: 'offline' }],
  });
});

describe('team library store', () => {
  it("loads a region's team phrases with its teams (seats', matters', in use) and matters", async () => {
    phrasesApi.list.mockResolvedValue({ quickReplies: [teamPhrase('hy', '综合咨询'), teamPhrase('kb', '企业开办')] });
    const store = useTeamLibraryStore();
    await store.load('150602', 'phrases');
    expect(phrasesApi.list).toHaveBeenCalledWith('150602');
    expect(store.phrases.map((p) => p.shortcut)).toEqual(['hy', 'kb']);
    expect(store.teams).toEqual(['综合咨询', '婚姻登记', '社会保障', '企业开办']);
    expect(store.matterName('m1')).toBe('结婚登记');
    expect(store.matterName(null)).toBe('');
    expect(store).toMatchObject({ loading: false, loaded: true, error: '' });
  });

  it("keeps the server's message when loading fails, and drops a late answer for a region left", async () => {
    questionsApi.list.mockRejectedValueOnce(new ApiError(403, 'OUT_OF_SCOPE', '该数据不在您的管辖区域内'));
    const store = useTeamLibraryStore();
    await store.load('150603', 'faqs');
    expect(store.error).toBe('该数据不在您的管辖区域内');
    expect(store.loaded).toBe(false);

    let late: (v: { faqs: FaqView[] }) => void = () => {};
    questionsApi.list
      .mockReturnValueOnce(new Promise((r) => (late = r)))
      .mockResolvedValueOnce({ faqs: [faq('新问题', 10)] });
    const first = store.load('150603', 'faqs');
    await store.load('150602', 'faqs');
    late({ faqs: [faq('旧区域的问题', 1)] });
    await first;
    expect(store.regionCode).toBe('150602');
    expect(store.faqs.map((f) => f.question)).toEqual(['新问题']);
    expect(store.error).toBe('');
  });

  it('puts a saved phrase in order, replaces an edited one, removes a deleted one', async () => {
    phrasesApi.list.mockResolvedValue({ quickReplies: [teamPhrase('hy', '综合咨询')] });
    const store = useTeamLibraryStore();
    await store.load('150602', 'phrases');
    phrasesApi.create.mockResolvedValue({ quickReply: teamPhrase('cl', '社会保障') });
    const body = {
      regionCode: '150602' as const,
      category: '社会保障',
      shortcut: 'cl',
      title: '材料',
      text: '请带身份证',
    };
    await store.savePhrase(null, body);
    expect(phrasesApi.create).toHaveBeenCalledWith(body);
    expect(store.phrases.map((p) => p.shortcut)).toEqual(['cl', 'hy']);

    phrasesApi.update.mockResolvedValue({ quickReply: teamPhrase('hy', '综合咨询', { title: '开场白' }) });
    await store.savePhrase('id-hy', { ...body, category: '综合咨询', shortcut: 'hy' });
    expect(store.phrases.find((p) => p.id === 'id-hy')?.title).toBe('开场白');
    expect(store.phrases).toHaveLength(2);

    phrasesApi.remove.mockResolvedValue(undefined);
    await store.removePhrase('id-cl');
    expect(store.phrases.map((p) => p.shortcut)).toEqual(['hy']);
  });

  it("throws the engine's refusal to the form and leaves the list as it was", async () => {
    const store = useTeamLibraryStore();
    phrasesApi.list.mockResolvedValue({ quickReplies: [] });
    await store.load('150602', 'phrases');
    phrasesApi.create.mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', '短语中有无法识别的变量：{市民名字}'));
    await expect(
      store.savePhrase(null, {
        regionCode: '150602',
        category: '综合咨询',
        shortcut: 'x',
        title: 't',
        text: '{市民名字}',
      }),
    ).rejects.toThrow('{市民名字}');
    expect(store.phrases).toEqual([]);
  });

  it('orders FAQs by sort, then question, after a save', async () => {
    questionsApi.list.mockResolvedValue({ faqs: [faq('甲', 10), faq('乙', 30)] });
    const store = useTeamLibraryStore();
    await store.load('150602', 'faqs');
    expect(regions.roster).not.toHaveBeenCalled();
    questionsApi.create.mockResolvedValue({ faq: faq('丙', 20) });
    await store.saveFaq(null, { regionCode: '150602', question: '丙', answer: '答', sort: 20 });
    expect(store.faqs.map((f) => f.question)).toEqual(['甲', '丙', '乙']);
    questionsApi.remove.mockResolvedValue(undefined);
    await store.removeFaq('faq-甲');
    expect(store.faqs.map((f) => f.question)).toEqual(['丙', '乙']);
  });
});
