import { describe, expect, it } from 'vitest';
import { bigramsOf, normalizeText } from './text.js';

describe('text helpers', () => {
  it('normalises width, case, spaces and punctuation', () => {
    expect(normalizeText(' 结婚　登记？ＡＢ ')).toBe('结婚登记ab');
  });
  it('splits into character bigrams (one char stays itself)', () => {
    expect(bigramsOf('结婚登记')).toEqual(['结婚', '婚登', '登记']);
    expect(bigramsOf('证')).toEqual(['证']);
    expect(bigramsOf('')).toEqual([]);
  });
});
