import { describe, expect, it } from 'vitest';
import { MatterIndex, pinyinInitials, type SearchableMatter } from './matterSearch.js';

const matter = (
  id: string,
  name: string,
  aliases: string[] = [],
  extra: Partial<SearchableMatter> = {},
): SearchableMatter => ({
  id,
  name,
  aliases,
  summary: '',
  themes: ['p-documents'],
  serviceObjects: ['person'],
  ...extra,
});

const MATTERS = [
  matter('marriage', '结婚登记', ['领结婚证', '扯证'], { themes: ['p-marriage'], summary: '内地居民办理结婚登记' }),
  matter('divorce', '离婚登记', [], { themes: ['p-marriage'] }),
  matter('id-first', '居民身份证首次申领'),
  matter('id-lost', '居民身份证补领', ['身份证丢了', '身份证掉了']),
  matter('id-renew', '居民身份证换领', ['身份证过期']),
  matter('company', '企业设立登记', ['开公司', '注册公司'], { themes: ['l-establish'], serviceObjects: ['legal'] }),
  matter('birth', '生育登记', ['准生证'], { themes: ['p-birth'] }),
  matter('pension', '城乡居民养老保险参保登记', [], {
    themes: ['p-social-security'],
    summary: '城乡居民基本养老保险参保',
  }),
];
const SYNONYMS = { 领证: '结婚登记', 怀孕: '生育登记' };
const index = new MatterIndex(MATTERS, SYNONYMS);
const ids = (q: string, limit = 3) => index.search(q, { limit }).map((h) => h.id);

describe('pinyin initials', () => {
  it('gives pinyin initials', () => {
    expect(pinyinInitials('结婚登记')).toBe('jhdj');
    expect(pinyinInitials('城乡居民养老保险参保登记')).toBe('cxjmylbxcbdj');
  });
});

describe('MatterIndex.search', () => {
  it('puts the exact name first', () => {
    expect(ids('结婚登记')[0]).toBe('marriage');
  });
  it('finds a matter by part of its name', () => {
    expect(ids('身份证', 5).sort()).toEqual(['id-first', 'id-lost', 'id-renew']);
  });
  it('finds a matter by an alias said in a sentence', () => {
    expect(ids('我的身份证丢了怎么办')[0]).toBe('id-lost');
    expect(ids('想开公司')[0]).toBe('company');
  });
  it('maps colloquial words through the synonym table', () => {
    expect(ids('领证需要什么')[0]).toBe('marriage');
    expect(ids('怀孕了要办什么')[0]).toBe('birth');
  });
  it('matches pinyin initials from the start, then inside', () => {
    expect(ids('jhdj')[0]).toBe('marriage');
    expect(ids('cxjm')[0]).toBe('pension');
    expect(ids('ylbx')[0]).toBe('pension');
  });
  it('ranks by shared bigrams when no phrase matches', () => {
    expect(ids('养老保险')[0]).toBe('pension');
  });
  it('filters by theme and service object', () => {
    expect(
      index
        .search('登记', { limit: 10, theme: 'p-marriage' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['divorce', 'marriage']);
    expect(index.search('', { limit: 10, serviceObject: 'legal' }).map((h) => h.id)).toEqual(['company']);
  });
  it('returns nothing for unrelated words and lists everything for an empty query', () => {
    expect(ids('天气怎么样')).toEqual([]);
    expect(index.search('', { limit: 100 })).toHaveLength(MATTERS.length);
  });
});

describe('MatterIndex.detect', () => {
  it('names the matter whose name or alias the citizen said', () => {
    expect(index.detect('你好，我想咨询一下结婚登记')?.id).toBe('marriage');
    expect(index.detect('我身份证掉了')?.id).toBe('id-lost');
    expect(index.detect('我们下周想去领证')?.id).toBe('marriage');
  });
  it('prefers the longest phrase found', () => {
    // 身份证丢了 (alias of 补领) is longer than anything else named here
    expect(index.detect('身份证丢了，要先办临时的吗')?.id).toBe('id-lost');
  });
  it('detects nothing from vague or unrelated words', () => {
    expect(index.detect('你好')).toBeNull();
    expect(index.detect('身份证')).toBeNull();
    expect(index.detect('今天天气怎么样')).toBeNull();
  });
  it('detects nothing when two matters are named equally', () => {
    expect(index.detect('结婚登记还是离婚登记')).toBeNull();
  });
});
