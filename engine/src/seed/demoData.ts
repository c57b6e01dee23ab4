/**
 * Demo data for the embedded default: regions, roles, seats per region, a supervisor, an admin
 * and a handful of matters. Names and numbers are invented.
 */
import { REGIONS } from '@cloud-seat/contracts';

export const DEMO_PASSWORD = 'Demo@12345';

/** Username prefix per region: 市本级 sbj, 东胜区 ds, … */
export const REGION_PREFIX: Record<string, string> = {
  '150600': 'sbj',
  '150602': 'ds',
  '150603': 'kbs',
  '150621': 'dlt',
  '150622': 'zge',
  '150623': 'etkq',
  '150624': 'etk',
  '150625': 'hj',
  '150626': 'ws',
  '150627': 'yjhl',
};

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '晓燕',
  '志强',
  '丽娜',
  '海波',
  '雅琴',
  '建军',
  '敏',
  '静',
  '磊',
  '婷婷',
  '文博',
  '春梅',
  '宇航',
  '慧',
  '国庆',
];

/** Teams (business categories) and the skills of their seats; skills include the matter categories they serve. */
export const SEAT_CATEGORIES = [
  { category: '综合咨询', skills: ['政策解读', '婚姻登记', '生育收养', '户籍办理'] },
  { category: '社会保障', skills: ['社保', '医保', '退休'] },
  { category: '企业开办', skills: ['设立变更', '准营准办', '营业执照', '税务登记'] },
];

/** Demo shifts (排班): every seat on duty every day, 08:00–20:00 Beijing time. */
export const DEMO_SHIFT = { weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '08:00', endTime: '20:00' } as const;

export interface DemoSeat {
  username: string;
  jobNumber: string;
  name: string;
  regionCode: string;
  category: string;
  skills: string[];
}

export function demoSeats(perRegion = 3): DemoSeat[] {
  const seats: DemoSeat[] = [];
  REGIONS.forEach((region, r) => {
    const prefix = REGION_PREFIX[region.code]!;
    for (let i = 0; i < perRegion; i++) {
      const n = r * perRegion + i;
      const kind = SEAT_CATEGORIES[i % SEAT_CATEGORIES.length]!;
      seats.push({
        username: `${prefix}${String(i + 1).padStart(3, '0')}`,
        jobNumber: `${prefix.toUpperCase()}${String(i + 1).padStart(3, '0')}`,
        name: SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 7) % GIVEN.length]!,
        regionCode: region.code,
        category: kind.category,
        skills: kind.skills,
      });
    }
  });
  return seats;
}

export const DEMO_MATTERS = [
  { code: '11150600MB1528264U1000111000', name: '结婚登记', category: '婚姻登记', summary: '内地居民办理结婚登记。' },
  { code: '11150600MB1528264U1000211000', name: '生育登记', category: '生育收养', summary: '办理生育服务登记。' },
  { code: '11150600MB1528264U1000311000', name: '户口迁移', category: '户籍办理', summary: '办理户口迁入、迁出。' },
  {
    code: '11150600MB1528264U1000411000',
    name: '城乡居民养老保险参保登记',
    category: '社会保障',
    summary: '城乡居民基本养老保险参保。',
  },
  {
    code: '11150600MB1528264U1000511000',
    name: '企业设立登记',
    category: '设立变更',
    summary: '有限责任公司设立登记。',
  },
  {
    code: '11150600MB1528264U1000611000',
    name: '个体工商户注册登记',
    category: '准营准办',
    summary: '个体工商户设立登记。',
  },
];

/** Demo portraits shipped in engine/assets/avatars and served at /assets/avatars/. */
export function demoPhotoUrl(n: number): string {
  return `/assets/avatars/seat-${(n % 6) + 1}.svg`;
}
