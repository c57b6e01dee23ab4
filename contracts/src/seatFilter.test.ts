import { describe, expect, it } from 'vitest';
import { matchesSeatFilter } from './seatFilter.js';

const seat = { name: '刘敏', jobNumber: 'DS001', category: '社会保障', skills: ['社保', '医保'] };

describe('matchesSeatFilter', () => {
  it('keeps everyone without a filter and filters by category, skill, name and 工号', () => {
    expect(matchesSeatFilter(seat, {})).toBe(true);
    expect(matchesSeatFilter(seat, { category: '社会保障' })).toBe(true);
    expect(matchesSeatFilter(seat, { category: '企业开办' })).toBe(false);
    expect(matchesSeatFilter(seat, { skill: '医保' })).toBe(true);
    expect(matchesSeatFilter(seat, { skill: '户籍' })).toBe(false);
    expect(matchesSeatFilter(seat, { q: '刘' })).toBe(true);
    expect(matchesSeatFilter(seat, { q: 'ds00' })).toBe(true);
    expect(matchesSeatFilter(seat, { q: '王' })).toBe(false);
  });
});
