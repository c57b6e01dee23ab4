/**
 * The demo regions' 政务服务中心 (invented addresses, hours and phone numbers) and the departments
 * that implement matters there, with how each department is named per region (市本级 vs 旗区).
 */
import { REGIONS, type RegionCode } from '@cloud-seat/contracts';

export interface RegionOffice {
  code: RegionCode;
  /** How departments of the region are prefixed: 鄂尔多斯市, 东胜区, 达拉特旗 … */
  prefix: string;
  /** The region's 政务服务中心 and where it is. */
  hall: string;
  street: string;
  hours: string;
  /** First three digits of the region's local numbers (after 0477-). */
  exchange: string;
}

const HOURS_SUMMER = '周一至周五 9:00-12:00，13:30-17:30（夏季 5月1日至9月30日 下午 14:30-18:00）；法定节假日除外';
const HOURS_WINTER =
  '周一至周五 8:30-12:00，14:30-18:00（冬季 10月1日至次年4月30日 下午 14:00-17:30）；周六上午 9:00-12:00 提供延时服务';

export const REGION_OFFICES: Record<RegionCode, RegionOffice> = {
  '150600': {
    code: '150600',
    prefix: '鄂尔多斯市',
    hall: '鄂尔多斯市政务服务中心',
    street: '康巴什区北区文化西街16号',
    hours:
      '周一至周五 9:00-12:00，13:30-17:30（夏季 5月1日至9月30日 下午 14:30-18:00）；周六上午 9:00-12:00 企业开办、社保医保窗口延时服务',
    exchange: '838',
  },
  '150602': {
    code: '150602',
    prefix: '东胜区',
    hall: '东胜区政务服务中心',
    street: '东胜区天骄北路26号',
    hours: HOURS_WINTER,
    exchange: '851',
  },
  '150603': {
    code: '150603',
    prefix: '康巴什区',
    hall: '康巴什区政务服务中心',
    street: '康巴什区康宁路9号',
    hours: HOURS_SUMMER,
    exchange: '859',
  },
  '150621': {
    code: '150621',
    prefix: '达拉特旗',
    hall: '达拉特旗政务服务中心',
    street: '达拉特旗树林召镇锡尼布拉格街58号',
    hours: HOURS_SUMMER,
    exchange: '521',
  },
  '150622': {
    code: '150622',
    prefix: '准格尔旗',
    hall: '准格尔旗政务服务中心',
    street: '准格尔旗薛家湾镇迎宾路36号',
    hours: HOURS_WINTER,
    exchange: '422',
  },
  '150623': {
    code: '150623',
    prefix: '鄂托克前旗',
    hall: '鄂托克前旗政务服务中心',
    street: '鄂托克前旗敖勒召其镇乌力吉街15号',
    hours: HOURS_SUMMER,
    exchange: '762',
  },
  '150624': {
    code: '150624',
    prefix: '鄂托克旗',
    hall: '鄂托克旗政务服务中心',
    street: '鄂托克旗乌兰镇乌仁都西街42号',
    hours: HOURS_SUMMER,
    exchange: '622',
  },
  '150625': {
    code: '150625',
    prefix: '杭锦旗',
    hall: '杭锦旗政务服务中心',
    street: '杭锦旗锡尼镇锡尼布拉格路21号',
    hours: HOURS_WINTER,
    exchange: '672',
  },
  '150626': {
    code: '150626',
    prefix: '乌审旗',
    hall: '乌审旗政务服务中心',
    street: '乌审旗嘎鲁图镇萨拉乌苏大街66号',
    hours: HOURS_SUMMER,
    exchange: '725',
  },
  '150627': {
    code: '150627',
    prefix: '伊金霍洛旗',
    hall: '伊金霍洛旗政务服务中心',
    street: '伊金霍洛旗阿勒腾席热镇郡王府街12号',
    hours: HOURS_WINTER,
    exchange: '896',
  },
};

/** Regions in their official order. */
export const REGION_CODES_IN_ORDER: RegionCode[] = REGIONS.map((r) => r.code);

interface Department {
  /** Two digits: part of its phone numbers and credit codes. */
  no: string;
  /** The window inside the hall. */
  window: string;
  /** The body's name in a region. */
  body: (office: RegionOffice) => string;
}

const isCity = (o: RegionOffice) => o.code === '150600';
const isDistrict = (o: RegionOffice) => o.prefix.endsWith('区');
/** A department named 鄂尔多斯市X / 东胜区X / 达拉特旗X. */
const plain = (suffix: string) => (o: RegionOffice) => `${o.prefix}${suffix}`;

export const DEPARTMENTS = {
  police: {
    no: '11',
    window: '一楼公安户政服务区',
    body: (o) =>
      isCity(o) ? '鄂尔多斯市公安局' : isDistrict(o) ? `鄂尔多斯市公安局${o.prefix}分局` : `${o.prefix}公安局`,
  },
  traffic: {
    no: '12',
    window: '一楼公安交管服务区',
    body: (o) =>
      isCity(o)
        ? '鄂尔多斯市公安局交通管理支队'
        : isDistrict(o)
          ? `鄂尔多斯市公安局交通管理支队${o.prefix}大队`
          : `${o.prefix}公安局交通管理大队`,
  },
  civil: { no: '21', window: '二楼民政服务区', body: plain('民政局') },
  hrss: { no: '31', window: '二楼人社服务区', body: plain('人力资源和社会保障局') },
  si: { no: '32', window: '二楼社保服务区', body: plain('社会保险事业服务中心') },
  mi: { no: '33', window: '二楼医保服务区', body: plain('医疗保障局') },
  health: { no: '41', window: '三楼卫生健康服务区', body: plain('卫生健康委员会') },
  edu: { no: '42', window: '三楼教育服务区', body: plain('教育体育局') },
  disabled: { no: '43', window: '二楼残联服务窗口', body: plain('残疾人联合会') },
  market: { no: '51', window: '一楼企业开办服务区', body: plain('市场监督管理局') },
  approval: { no: '52', window: '三楼审批服务区', body: plain('行政审批和政务服务局') },
  tax: {
    no: '53',
    window: '一楼税务服务区',
    body: (o) =>
      isCity(o)
        ? '国家税务总局鄂尔多斯市税务局'
        : isDistrict(o)
          ? `国家税务总局鄂尔多斯市${o.prefix}税务局`
          : `国家税务总局${o.prefix}税务局`,
  },
  estate: { no: '61', window: '四楼不动产登记服务区', body: plain('自然资源局') },
  fund: {
    no: '62',
    window: '二楼住房公积金服务区',
    body: (o) => (isCity(o) ? '鄂尔多斯市住房公积金中心' : `鄂尔多斯市住房公积金中心${o.prefix}管理部`),
  },
  housing: { no: '63', window: '四楼住建服务区', body: plain('住房和城乡建设局') },
  agri: { no: '71', window: '三楼农牧服务区', body: plain('农牧局') },
  develop: { no: '72', window: '三楼投资项目服务区', body: plain('发展和改革委员会') },
  eco: {
    no: '73',
    window: '三楼生态环境服务窗口',
    body: (o) => (isCity(o) ? '鄂尔多斯市生态环境局' : `鄂尔多斯市生态环境局${o.prefix}分局`),
  },
  transport: { no: '74', window: '三楼交通运输服务区', body: plain('交通运输局') },
  emergency: { no: '75', window: '三楼应急管理服务窗口', body: plain('应急管理局') },
} satisfies Record<string, Department>;

export type DeptKey = keyof typeof DEPARTMENTS;

const CHECK_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A 统一社会信用代码-like identifier (18 chars) of a department in a region; invented. */
export function creditCode(dept: DeptKey, region: RegionCode): string {
  const d = DEPARTMENTS[dept];
  const r = REGION_CODES_IN_ORDER.indexOf(region);
  const serial = String(((r + 1) * 7919 + Number(d.no) * 131) % 100000).padStart(5, '0');
  const body = `11${region}MB${d.no}${serial}`;
  let sum = 0;
  for (const ch of body) sum = (sum * 7 + ch.charCodeAt(0)) % 9973;
  return body + CHECK_CHARS[sum % CHECK_CHARS.length];
}

/** 咨询电话 of a department in a region: 0477- plus seven invented digits. */
export function consultPhone(dept: DeptKey, region: RegionCode): string {
  const d = DEPARTMENTS[dept];
  const r = REGION_CODES_IN_ORDER.indexOf(region);
  const tail = String(((Number(d.no) * 7 + r * 13) % 90) + 10);
  return `0477-${REGION_OFFICES[region].exchange}${d.no}${tail}`;
}

/** 监督投诉电话 of a region: the 12345 hotline and the region's own supervision line. */
export function complaintPhone(region: RegionCode): string {
  return `12345、0477-${REGION_OFFICES[region].exchange}1234`;
}

/** Where a department receives applications in a region. */
export function officeAddress(dept: DeptKey, region: RegionCode): string {
  const o = REGION_OFFICES[region];
  return `${o.hall}（${o.street}）${DEPARTMENTS[dept].window}`;
}

export function implementingBody(dept: DeptKey, region: RegionCode): string {
  return DEPARTMENTS[dept].body(REGION_OFFICES[region]);
}
