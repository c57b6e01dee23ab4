import { describe, expect, it } from 'vitest';
import {
  phraseTextProblem,
  questionKey,
  rankPhrases,
  renderPhrase,
  unknownVariables,
  variablesIn,
} from './quickReplies.js';

describe('quick reply variables', () => {
  it('finds the variables a text uses, once each', () => {
    expect(variablesIn('{市民姓名}您好，{市民姓名}，我是{坐席姓名}（工号{工号}）')).toEqual([
      '市民姓名',
      '坐席姓名',
      '工号',
    ]);
  });

  it('leaves braces that are not variables as text', () => {
    expect(variablesIn('格式：{ } 或 { 或 {a b}')).toEqual([]);
  });

  it('reports unknown variables with a Chinese reason naming them and the known ones', () => {
    expect(unknownVariables('{市民名字}您好，{工号}')).toEqual(['市民名字']);
    const problem = phraseTextProblem('{市民名字}您好');
    expect(problem).toContain('{市民名字}');
    expect(problem).toContain('{市民姓名}');
    expect(phraseTextProblem('{市民姓名}您好，请稍候。')).toBeNull();
  });

  it('renders known variables and falls back to neutral words for missing values', () => {
    const text = '{市民姓名}您好，我是{坐席姓名}（工号{工号}），关于{事项}，工单号{工单号}。';
    expect(
      renderPhrase(text, { 市民姓名: '王先生', 坐席姓名: '刘敏', 工号: 'DS001', 事项: '结婚登记', 工单号: 'GD1' }),
    ).toBe('王先生您好，我是刘敏（工号DS001），关于结婚登记，工单号GD1。');
    expect(renderPhrase('{市民姓名}好，关于{事项}：{工单号}', { 市民姓名: ' ', 事项: null })).toBe(
      '您好，关于您咨询的事项：',
    );
  });

  it('never rewrites an unknown variable (saved before a variable was retired)', () => {
    expect(renderPhrase('{旧变量} {市民姓名}', { 市民姓名: '李女士' })).toBe('{旧变量} 李女士');
  });
});

describe('quick reply search ranking', () => {
  const p = (shortcut: string, title: string, text: string, scope: 'personal' | 'team' = 'team') => ({
    shortcut,
    title,
    text,
    scope,
  });
  const phrases = [
    p('cl', '材料清单', '请携带身份证原件。'),
    p('hy', '问候', '{市民姓名}您好，很高兴为您服务。'),
    p('hyjh', '结婚登记材料', '双方身份证、户口簿。'),
    p('zj', '结束语', '感谢您的咨询，祝您生活愉快。', 'personal'),
    p('xhy', '欢迎', '欢迎咨询。'),
  ];

  it('orders exact shortcut, shortcut prefix, shortcut contains, then title, then text', () => {
    expect(rankPhrases(phrases, 'hy').map((x) => x.shortcut)).toEqual(['hy', 'hyjh', 'xhy']);
    expect(rankPhrases(phrases, '材料').map((x) => x.shortcut)).toEqual(['cl', 'hyjh']);
    expect(rankPhrases(phrases, '身份证').map((x) => x.shortcut)).toEqual(['cl', 'hyjh']);
  });

  it('ignores a leading slash and case, and drops phrases that do not match', () => {
    expect(rankPhrases(phrases, '/HY').map((x) => x.shortcut)).toEqual(['hy', 'hyjh', 'xhy']);
    expect(rankPhrases(phrases, '公积金')).toEqual([]);
  });

  it('keeps every phrase for an empty query, personal first', () => {
    expect(rankPhrases(phrases, '').map((x) => x.shortcut)).toEqual(['zj', 'cl', 'hy', 'hyjh', 'xhy']);
    expect(rankPhrases(phrases, undefined)).toHaveLength(5);
  });
});

describe('demo team phrases', () => {
  it('use known variables only', async () => {
    const { DEMO_TEAM_QUICK_REPLIES } = await import('../../seed/demoData.js');
    expect(DEMO_TEAM_QUICK_REPLIES.map((p) => phraseTextProblem(p.text)).filter(Boolean)).toEqual([]);
  });
});

describe('preset question matching', () => {
  it('ignores white space, closing punctuation and question-mark width', () => {
    const key = questionKey('结婚登记需要带什么材料？');
    expect(questionKey(' 结婚登记 需要带什么材料?')).toBe(key);
    expect(questionKey('结婚登记需要带什么材料')).toBe(key);
    expect(questionKey('结婚登记需要带什么材料？？')).toBe(key);
    expect(questionKey('离婚登记需要带什么材料？')).not.toBe(key);
  });
});
