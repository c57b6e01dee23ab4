import { GENERAL_CATEGORY, REGIONS } from '@cloud-seat/contracts';
import { describe, expect, it } from 'vitest';
import { SEAT_CATEGORIES } from '../../../engine/src/seed/demoData.js';
import { flowRegions } from './flow.js';
import { HOTLINE_PROMPTS, HOTLINE_TOPICS, hotlineFlow, hotlineMenus } from './hotline.js';
import { spokenForm } from './prompts.js';

describe('the default hotline', () => {
  it('offers every region of contracts exactly once, in REGIONS order', () => {
    const { region, regionMore } = hotlineMenus();
    const codes = [...region, ...regionMore].flatMap((e) => (e.regionCode ? [e.regionCode] : []));
    expect(codes).toEqual(REGIONS.map((r) => r.code));
    expect(region.map((e) => e.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(region[8]).toMatchObject({ key: '9', next: 'region-more', spoken: '乌审旗、伊金霍洛旗' });
  });

  it('is open while seats of any region it queues for are on duty (flowRegions)', () => {
    expect(flowRegions(hotlineFlow().flow)).toEqual(REGIONS.map((r) => r.code).sort());
    const fixed = hotlineFlow().flow;
    const onlyCity = {
      ...fixed,
      nodes: { queue: { kind: 'enqueue' as const, prompts: [], regionCode: '150627' as const } },
    };
    expect(flowRegions(onlyCity)).toEqual(['150600', '150627']);
  });

  it('offers the business categories the ACD queues by (the seeded teams, 综合咨询 first)', () => {
    expect(HOTLINE_TOPICS).toEqual(SEAT_CATEGORIES.map((c) => c.category));
    expect(HOTLINE_TOPICS[0]).toBe(GENERAL_CATEGORY);
  });

  it('says in each menu prompt exactly the keys the menu listens for, with 0 and repeat', () => {
    const { flow, prompts } = hotlineFlow();
    for (const node of Object.values(flow.nodes)) {
      if (node.kind !== 'menu') continue;
      const text = prompts[node.prompts[0]!]!;
      for (const o of node.options) expect(text).toMatch(new RegExp(`请按${o.key === '#' ? '井号键' : o.key}。`));
      expect(text).toContain('人工服务，请按0。');
      expect(text).toMatch(/再听一遍，请按(9或者)?星号键。$/);
      if (node.repeatKeys.includes('9')) expect(text).toContain('请按9或者星号键');
    }
    expect(prompts['menu-region']).toContain('东胜区，请按2。');
    expect(prompts['menu-topic']).toContain('社会保障，请按2。');
  });

  it('takes other topics, and refuses more than 8', () => {
    const { flow, prompts } = hotlineFlow({ topics: ['综合咨询', '不动产登记'], hoursText: '工作日早上9点到下午5点' });
    expect(flow.nodes.topic).toMatchObject({ options: [{ key: '1' }, { key: '2', category: '不动产登记' }] });
    expect(prompts['after-hours']).toContain('工作日早上9点到下午5点');
    expect(() => hotlineMenus(['1', '2', '3', '4', '5', '6', '7', '8', '9'])).toThrow(RangeError);
  });

  it('gives espeak-ng the pinyin of words it misreads, and keeps the Chinese in the catalog', () => {
    expect(HOTLINE_PROMPTS['menu-region']).toContain('康巴什区');
    expect(spokenForm(HOTLINE_PROMPTS['menu-region']!)).toContain('kang1ba1shi2区');
    expect(spokenForm('咨询的地区')).toBe('咨询的di4qu1');
  });
});
