import type { FaqView } from '@cloud-seat/contracts';
import { describe, expect, it, vi } from 'vitest';
import { createFaqStore, FAQ_CHIP_LIMIT } from './faqs';

const faq = (n: number, matterId: string | null = null): FaqView => ({
  id: `f${n}`,
  regionCode: '150602',
  question: `问题${n}？`,
  answer: `答案${n}`,
  matterId,
  category: null,
  sort: n,
});

describe('FAQ chips', () => {
  it('loads once per region and matter, the matter’s questions first, a few at most', async () => {
    const faqs = vi.fn().mockResolvedValue([...Array.from({ length: 8 }, (_, i) => faq(i)), faq(9, 'm1')]);
    const store = createFaqStore({ faqs });
    await store.load('150602', 'm1');
    await store.load('150602', 'm1');
    expect(faqs).toHaveBeenCalledTimes(1);
    expect(faqs).toHaveBeenCalledWith('150602', 'm1');
    expect(store.state.questions).toHaveLength(FAQ_CHIP_LIMIT);
    expect(store.state.questions[0]!.id).toBe('f9');
  });

  it('shows no chips when loading fails, and tries again next time', async () => {
    const faqs = vi
      .fn()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce([faq(1)]);
    const store = createFaqStore({ faqs });
    await store.load('150603', null);
    expect(store.state.questions).toEqual([]);
    await store.load('150603', null);
    expect(store.state.questions.map((f) => f.id)).toEqual(['f1']);
    expect(faqs).toHaveBeenLastCalledWith('150603', undefined);
  });

  it('drops an answer for a region the page has left', async () => {
    let first!: (v: FaqView[]) => void;
    const faqs = vi
      .fn()
      .mockReturnValueOnce(new Promise((r) => (first = r)))
      .mockResolvedValueOnce([faq(2)]);
    const store = createFaqStore({ faqs });
    const a = store.load('150602', null);
    await store.load('150621', null);
    first([faq(1)]);
    await a;
    expect(store.state.questions.map((f) => f.id)).toEqual(['f2']);
  });
});
