/**
 * Which facet of a matter a question asks about (材料 vs 地点 vs 时间 …), from cue words. A cue
 * that names the facet (材料, 条件, 网上) beats a vague one (需要什么, 能办吗: 需要什么条件 asks
 * for conditions, 网上能办吗 for online service); among equals the longest cue found wins (多长时间
 * is a time limit, not opening hours); 怎么办-style cues only decide when no other facet is named,
 * because citizens add them to every kind of question.
 */
import { normalizeText } from '@cloud-seat/contracts';
import type { Facet } from '../knowledge/types.js';

export const FACET_CUES: Record<Exclude<Facet, 'overview'>, readonly string[]> = {
  materials: [
    '材料',
    '带什么',
    '带啥',
    '要带',
    '带哪些',
    '拿什么',
    '拿啥',
    '要啥',
    '需要什么',
    '要什么',
    '准备什么',
    '准备啥',
    '资料',
    '要哪些',
    '需要哪些',
    '证件',
    '带上',
    '准备哪些',
    '提供什么',
    '交什么',
  ],
  process: [
    '流程',
    '步骤',
    '怎么办',
    '咋办',
    '怎么弄',
    '咋弄',
    '如何办',
    '如何',
    '怎么申请',
    '怎么操作',
    '程序',
    '怎么搞',
    '咋搞',
    '怎样办',
    '怎么处理',
    '怎么走',
    '手续',
    '怎么做',
    '办法',
    '咋整',
    '怎么整',
    '怎么交',
    '怎么领',
    '怎么提',
    '怎么补',
    '怎么换',
    '怎么报',
    '怎么开',
    '怎么注销',
    '怎么取',
    '怎么',
    '咋',
    '如何',
    '怎样',
    '办什么',
    '办啥',
  ],
  place: [
    '在哪',
    '哪里',
    '哪儿',
    '地址',
    '地点',
    '去哪',
    '哪个窗口',
    '位置',
    '什么地方',
    '到哪',
    '哪个部门',
    '哪个单位',
    '找哪',
    '啥地方',
    '哪办',
  ],
  hours: [
    '几点',
    '上班时间',
    '办公时间',
    '时间',
    '周末',
    '星期',
    '礼拜',
    '中午',
    '几点下班',
    '下班时间',
    '开门',
    '节假日',
    '几点上班',
    '什么时候',
    '啥时候',
    '何时',
    '哪天',
    '几月',
  ],
  phone: ['电话', '号码', '联系方式', '热线', '打给谁', '咨询电话', '座机'],
  timeLimit: [
    '多久',
    '几天',
    '多长时间',
    '多少天',
    '时限',
    '办结',
    '多快',
    '什么时候能拿',
    '啥时候能拿',
    '当天能',
    '当场能',
    '能好',
    '等多久',
    '多少时间',
    '几个工作日',
    '啥时候能',
    '什么时候能',
    '当天',
  ],
  fee: ['收费', '费用', '多少钱', '要钱', '花钱', '免费', '钱吗', '交钱', '工本费', '几块', '收钱', '花多少'],
  online: [
    '网上',
    '网办',
    '线上',
    '手机上',
    '手机办',
    'app',
    '蒙速办',
    '不用跑',
    '在家办',
    '小程序',
    '网站',
    '网厅',
    '手机',
    '网址',
    '不出门',
  ],
  conditions: [
    '条件',
    '能不能办',
    '可以办吗',
    '符合',
    '要求',
    '资格',
    '谁能',
    '能办吗',
    '谁可以',
    '能申请吗',
    '够不够',
    '能领吗',
    '可以申请吗',
    '能不能申请',
    '能不能领',
  ],
};

/** Cues that say a question's shape, not its facet: a cue that names one wins over them. */
const VAGUE_CUES = new Set([
  '需要什么',
  '要什么',
  '要啥',
  '需要哪些',
  '要哪些',
  '提供什么',
  '交什么',
  '拿什么',
  '拿啥',
  '能不能办',
  '可以办吗',
  '能办吗',
  '谁能',
  '谁可以',
  '能申请吗',
  '可以申请吗',
  '能不能申请',
  '能不能领',
  '能领吗',
  '够不够',
  '当天',
  '手机',
  '时间',
]);

/** Every cue with its facet, longest first. */
const CUES: readonly (readonly [string, Exclude<Facet, 'overview'>])[] = Object.entries(FACET_CUES)
  .flatMap(([facet, cues]) => cues.map((c) => [normalizeText(c), facet as Exclude<Facet, 'overview'>] as const))
  .sort((a, b) => b[0].length - a[0].length);

export interface FacetCue {
  facet: Facet;
  /** The cue words found, for stripping them from the matter query. */
  cues: string[];
}

const MAY_I = /(能|可以)[^ ]{0,8}吗/;

export function detectFacet(normalized: string): FacetCue {
  const found: (readonly [string, Exclude<Facet, 'overview'>])[] = [];
  let rest = normalized;
  for (const cue of CUES) {
    if (rest.includes(cue[0])) {
      found.push(cue);
      rest = rest.split(cue[0]).join(' ');
    }
  }
  const named = found.find(([cue, facet]) => facet !== 'process' && !VAGUE_CUES.has(cue));
  const vague = found.find(([, facet]) => facet !== 'process');
  // 能…吗 / 可以…吗 asks whether one may (能申请五保吗), unless a facet is named
  const mayI = !named && !vague && MAY_I.test(rest) ? 'conditions' : null;
  const facet: Facet = named?.[1] ?? vague?.[1] ?? mayI ?? found[0]?.[1] ?? 'overview';
  return { facet, cues: found.map(([cue]) => cue) };
}
