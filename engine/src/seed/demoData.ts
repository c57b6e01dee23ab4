/**
 * Demo data for the embedded default: regions, roles, seats per region, a supervisor, an admin
 * (the matter catalog: seed/catalog). Names and numbers are invented.
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

/** Demo portraits shipped in engine/assets/avatars and served at /assets/avatars/. */
export function demoPhotoUrl(n: number): string {
  return `/assets/avatars/seat-${(n % 6) + 1}.svg`;
}

/** 常见问题 of every demo region (answers are general guidance; each region edits its own). */
export const DEMO_FAQS = [
  {
    question: '结婚登记需要带什么材料？',
    answer:
      '双方本人到场，携带本人有效身份证件、户口簿和 3 张近期半身免冠双人合影（2 寸）。可先在“在线预约”选择时间，到场即办。',
  },
  {
    question: '怎么查询社保缴费记录？',
    answer: '可在“蒙速办”App 或内蒙古人社公共服务平台登录后查询个人参保缴费明细，也可携带身份证到社保经办窗口打印。',
  },
  {
    question: '新生儿怎么办理户口登记？',
    answer: '出生一个月内，由父母一方携带《出生医学证明》、父母双方身份证、户口簿和结婚证，到户籍所在地派出所办理。',
  },
  {
    question: '个体工商户注册需要多长时间？',
    answer: '材料齐全、符合法定形式的，当场办结；网上申请通过审核后 1 个工作日内可领取营业执照。',
  },
  {
    question: '政务服务大厅几点上班？',
    answer: '周一至周五 9:00–12:00、13:30–17:30 办公，法定节假日除外。在线咨询每天 8:00–20:00 有坐席值守。',
  },
  {
    question: '办事需要预约吗？',
    answer: '大部分事项可直接办理；在“在线预约”选择时间段后，到时连线将优先为您服务，避免排队。',
  },
];

/** Team 快捷回复 per business category (and 综合咨询, shared by every seat of the region). */
export const DEMO_TEAM_QUICK_REPLIES: Array<{ category: string; shortcut: string; title: string; text: string }> = [
  {
    category: '综合咨询',
    shortcut: 'hy',
    title: '问候',
    text: '{市民姓名}您好，我是{区域}政务服务坐席{坐席姓名}（工号{工号}），很高兴为您服务。',
  },
  { category: '综合咨询', shortcut: 'sd', title: '稍等', text: '{市民姓名}，请您稍等，我帮您查询一下。' },
  {
    category: '综合咨询',
    shortcut: 'gd',
    title: '工单号',
    text: '本次服务的工单号是 {工单号}，后续可凭此号查询办理进度。',
  },
  {
    category: '综合咨询',
    shortcut: 'js',
    title: '结束语',
    text: '感谢您的咨询，如还有其他问题欢迎随时联系我们，祝您生活愉快！',
  },
  {
    category: '社会保障',
    shortcut: 'sbcx',
    title: '社保查询',
    text: '{市民姓名}，社保缴费记录可在“蒙速办”App 登录后查询，也可携带身份证到社保窗口打印。',
  },
  {
    category: '社会保障',
    shortcut: 'ylbx',
    title: '养老保险参保',
    text: '办理{事项}需要本人身份证和户口簿，可在线申请，也可到社保窗口办理。',
  },
  {
    category: '企业开办',
    shortcut: 'yyzz',
    title: '营业执照',
    text: '{市民姓名}，办理{事项}可通过企业开办“一网通办”平台在线提交，材料齐全当场办结。',
  },
  {
    category: '企业开办',
    shortcut: 'swdj',
    title: '税务登记',
    text: '领取营业执照后，税务信息会自动同步，无需单独办理税务登记。',
  },
];
