/**
 * The assistant's own colloquial vocabulary, beside the engine's synonym table (`buildKnowledge`'s
 * `synonyms`, which wins on a clash): short forms and everyday words citizens say for the
 * catalog's words. Only entries that are true of Chinese government-service language in
 * general; a wording that names one matter belongs in that matter's aliases. Each catalog word
 * occurs in some matter name of the demo catalog (buildKnowledge.test checks it).
 */
export const COLLOQUIAL_SYNONYMS: Readonly<Record<string, string>> = {
  // short forms (简称)
  公积金: '住房公积金',
  医保: '医疗保险',
  社保: '社会保险',
  驾驶证: '机动车驾驶证',
  执照: '营业执照',
  个税: '个人所得税',
  // everyday words
  生孩子: '生育',
  生娃: '生育',
  生小孩: '生育',
  养老钱: '养老金',
  疫苗: '预防接种',
  预防针: '预防接种',
  上学: '入学',
  念书: '入学',
  看病: '就医',
  摆摊: '个体工商户',
  做生意: '个体工商户',
  去世: '死亡',
  过世: '死亡',
  驾驶本: '机动车驾驶证',
  产假: '生育',
  被裁: '失业',
  裁员: '失业',
  下岗: '失业',
  罚单: '交通安全违法行为',
  违停: '交通安全违法行为',
  闯红灯: '交通安全违法行为',
  超速: '交通安全违法行为',
};

/**
 * Variants of one everyday expression rewritten to the form the catalog's aliases use (身份证找不着了
 * → 身份证丢了, so the alias 身份证丢了 is said). Applied to the normalised question before matching.
 */
export const COLLOQUIAL_REWRITES: readonly (readonly [string, string])[] = [
  // lost (丢了 in the aliases)
  ['找不着了', '丢了'],
  ['找不到了', '丢了'],
  ['找不见了', '丢了'],
  ['找不着', '丢了'],
  ['找不到', '丢了'],
  ['找不见', '丢了'],
  ['弄丢了', '丢了'],
  ['搞丢了', '丢了'],
  ['不见了', '丢了'],
  ['丢失了', '丢了'],
  ['遗失了', '丢了'],
  ['掉了', '丢了'],
  ['弄没了', '丢了'],
  // broken (坏了 in the aliases)
  ['烂了', '坏了'],
  ['破了', '坏了'],
  ['损坏了', '坏了'],
  ['不能用了', '坏了'],
  // the hall and the week as the FAQ says them
  ['政务中心', '政务服务大厅'],
  ['办事大厅', '政务服务大厅'],
  ['星期天', '周日'],
  ['礼拜天', '周日'],
  ['星期', '周'],
  ['礼拜', '周'],
  // expired (到期 in the aliases)
  ['过期了', '到期了'],
  ['快过期', '快到期'],
];
