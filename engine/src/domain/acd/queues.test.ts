import { describe, expect, it } from 'vitest';
import { PRIORITY_BONUS } from './priority.js';
import {
  contactCategory,
  defaultQueueSettings,
  overflowRegionOf,
  placeContact,
  requiredSkillsFor,
  returnedRankAt,
} from './queues.js';

const at = new Date('2026-11-25T02:00:00Z');

describe('queues', () => {
  it('overflows 旗区 to 市本级 and 市本级 nowhere', () => {
    expect(overflowRegionOf('150602')).toBe('150600');
    expect(overflowRegionOf('150600')).toBeNull();
    expect(defaultQueueSettings('150602', 120)).toEqual({ strategy: 'longest_idle', overflowAfterSeconds: 120 });
    expect(defaultQueueSettings('150600', 120).overflowAfterSeconds).toBeNull();
  });

  it('queues under the matter category when a seat serves it, else the seat team, else general', () => {
    const served = new Set(['综合咨询', '社会保障', '社保']);
    expect(contactCategory({ matterCategory: '社会保障' }, served)).toBe('社会保障');
    expect(contactCategory({ matterCategory: '婚姻登记', requestedSeatCategory: '社会保障' }, served)).toBe('社会保障');
    expect(contactCategory({ matterCategory: '婚姻登记' }, served)).toBe('综合咨询');
    expect(contactCategory({}, served)).toBe('综合咨询');
    expect(requiredSkillsFor('综合咨询')).toEqual([]);
    expect(requiredSkillsFor('社会保障')).toEqual(['社会保障']);
  });

  it('folds priority into the rank instant and sets the overflow time', () => {
    const elder = placeContact(
      { regionCode: '150602', enqueuedAt: at, appointment: false, elder: true },
      {
        strategy: 'longest_idle',
        overflowAfterSeconds: 90,
      },
    );
    expect(elder.rankAt.getTime()).toBe(at.getTime() - PRIORITY_BONUS.elder * 1000);
    expect(elder.overflowRegionCode).toBe('150600');
    expect(elder.overflowAt?.getTime()).toBe(at.getTime() + 90_000);

    const never = placeContact(
      { regionCode: '150602', enqueuedAt: at, appointment: true, elder: false },
      {
        strategy: 'ring_all',
        overflowAfterSeconds: null,
      },
    );
    expect(never.overflowRegionCode).toBeNull();
    expect(never.overflowAt).toBeNull();
    expect(never.rankAt.getTime()).toBe(at.getTime() - PRIORITY_BONUS.appointment * 1000);
  });

  it('puts a returned contact ahead of any waiting contact, keeping returned ones in order', () => {
    const earliestWaiting = new Date(at.getTime() - 3600_000 - PRIORITY_BONUS.appointment * 1000);
    const a = returnedRankAt(at);
    const b = returnedRankAt(new Date(at.getTime() + 1000));
    expect(a.getTime()).toBeLessThan(earliestWaiting.getTime());
    expect(a.getTime()).toBeLessThan(b.getTime());
  });
});
