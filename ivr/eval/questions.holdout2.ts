/**
 * The second held-out split of `npm run bot:eval` (`holdout2`): written by hand on 2026-11-29
 * BEFORE the understanding changes of that day (FAQ matching on the whole question, coverage over
 * content words, off-topic questions built on a catalog word), its figures recorded first, and
 * never tuned on. Like the customer's hidden set: elderly and dialect-ish phrasing (俺/咋个/整丢了),
 * long stories with the question at the end, homophone typos (户口部, 设保卡, 驾使证), questions that
 * name only the thing (准生证, 环评), questions about the hall itself (opening hours and
 * appointments are FAQ entries; parking, children and proxies are in no FAQ, so the assistant must
 * not answer them with a matter), off-topic questions sharing the domain's words, and handoffs.
 * Same shapes as `questions.ts`; facet letters: v overview, m 材料, p 流程, l 地点, h 时间,
 * ph 电话, t 时限, f 收费, o 网办, c 条件.
 */
import type { FacetLetter } from './questions.js';

/** [matter name, facet, question]. */
export const HOLDOUT2_MATTER: readonly (readonly [string, FacetLetter, string])[] = [
  ['居民身份证补领', 'p', '俺的身份证叫贼偷了，现在咋弄'],
  ['居民身份证换领', 'm', '身份证快到期了，换证得拿啥东西'],
  ['临时居民身份证申领', 't', '明天要坐飞机身份证找不到了，临时的证当天能办下来不'],
  ['户口迁移', 'l', '在外地买了房，户口想迁过去，到哪个派出所办'],
  ['死亡户口注销', 'm', '我老伴去年走了，销户口要拿些啥'],
  ['无犯罪记录证明开具', 'p', '单位入职要开个良民证明，咋个开法'],
  ['结婚登记', 'p', '跟对象处了三年了打算扯证，咋办手续'],
  ['离婚登记', 't', '离婚冷静期要等多少天'],
  ['补领婚姻登记证', 'm', '搬家把结婚证整丢了，补一个要带啥'],
  ['儿童预防接种', 'h', '娃娃打预防针几点能去'],
  ['义务教育入学登记', 'm', '孩子明年上小学，报名要准备啥'],
  ['失业保险金申领', 'p', '厂子倒闭了我被裁了，失业保险金咋领'],
  ['社会保障卡补换', 'p', '社保卡芯片坏了刷不了，换张新的咋弄'],
  ['养老金领取资格认证', 'o', '我爸八十多了腿脚不好，养老金认证能在手机上弄不'],
  ['城乡居民养老保险待遇申领', 'c', '在农村交了十五年养老保险，满六十了能领钱不'],
  ['异地就医备案', 'p', '孩子在北京工作，我去那边看病医保能用吗，要咋弄'],
  ['门诊慢特病待遇认定', 'm', '糖尿病想办个慢病卡，要带啥材料'],
  ['高龄津贴申领', 'c', '俺妈今年八十一了，能领老年补贴不'],
  ['最低生活保障申请', 'p', '家里困难想吃低保，咋申请'],
  ['残疾人两项补贴', 'c', '重度残疾能领护理补贴吗'],
  ['住房公积金租房提取', 'p', '租房子住，公积金能取出来交房租不，咋取'],
  ['住房公积金销户提取', 'c', '辞职回老家了，公积金能全部取出来吗'],
  ['机动车驾驶证补证', 'm', '驾照让我弄丢了，补一个要带啥'],
  ['道路交通安全违法行为处理', 'p', '车被拍了违章，扣分罚款咋处理'],
  ['机动车检验合格标志核发', 'm', '车子该审了，审车要带什么'],
  ['机动车注册登记', 'l', '新买的小汽车上牌去哪儿上'],
  ['个体工商户注册登记', 'm', '想在小区门口开个小卖部，办执照要啥'],
  ['企业注销登记', 'p', '公司开不下去了想关了，手续咋办'],
  ['营业执照补领换发', 'p', '店里的营业执照被水泡烂了咋补'],
  ['食品经营许可', 'v', '想开家奶茶店，要办啥许可证'],
  ['公共场所卫生许可', 'm', '开理发店办卫生许可证要准备哪些材料'],
  ['个人所得税综合所得汇算清缴', 'o', '个税退税在网上咋弄'],
  ['不动产转移登记', 'f', '老人把房子过给儿子，过户要交多少钱'],
  ['不动产抵押登记', 'p', '房贷还完了，解押咋办'],
  ['工伤认定', 't', '工地上摔断了腿，工伤认定要多长时间'],
  ['从业人员健康证明办理', 'f', '办个健康证多少钱'],
  ['创业担保贷款申请', 'c', '大学毕业想自己创业，能贷到款吗'],
  ['生育登记', 'p', '媳妇怀上二胎了，要登记啥的咋弄'],
  ['特困人员救助供养', 'c', '村里有个孤老头没儿没女，能给他办五保不'],
  ['居住证申领', 't', '暂住证办下来要几天'],
  ['户籍证明开具', 'p', '要开个证明我和我妈是母子关系，咋开'],
  ['居民户口簿补领', 'p', '户口部丢了咋补'],
  ['社会保障卡挂失', 'p', '设保卡丢了要挂失'],
  ['机动车驾驶证有效期满换证', 'm', '驾使证到期换证带啥'],
  ['城乡居民基本医疗保险参保登记', 'p', '今年的合作医疗咋交'],
  ['生育登记', 'v', '准生证'],
  ['残疾人证办理', 'v', '残疾证的事'],
  ['建设项目环境影响评价审批', 'v', '环评'],
  [
    '丧葬补助金、抚恤金申领',
    'p',
    '我父亲是退休工人，上个月刚走了，家里人说单位那边还能领一笔丧葬费，请问这个钱应该怎么领',
  ],
  [
    '医疗费用零星报销',
    'm',
    '我去年在外地旅游时突然肚子疼住了几天院，当时没带医保卡全是自己掏的钱，现在回来了想报销，需要准备什么',
  ],
  ['灵活就业人员参保登记', 'p', '我原来在公司上班，现在辞职了自己跑滴滴，社保断了好几个月，想自己接着交，怎么办'],
];

/** FAQ id → questions. */
export const HOLDOUT2_FAQ: Record<string, readonly string[]> = {
  'faq-2': ['网上能查到社保交费明细吗'],
  'faq-4': ['个体户执照多久能办下来'],
  'faq-5': ['你们大厅早上几点开门', '星期天政务大厅上班不'],
  'faq-6': ['去窗口办事要提前约吗'],
};

/** Off-topic or not in the knowledge (hall questions no FAQ answers): must not be answered. */
export const HOLDOUT2_OFF_TOPIC: readonly string[] = [
  '大厅门口能停车吗',
  '带着小孩去大厅办事方便吗',
  '我来不了，能让亲戚帮我代办吗',
  '结婚戒指买什么牌子好',
  '离婚了房子怎么分',
  '社保局旁边有什么好吃的',
  '开车去康巴什要多久',
  '驾校哪家教得好',
  '营业执照上的法人是什么意思',
  '养老保险和商业保险哪个划算',
  '房价明年会涨吗',
  '疫苗打完能喝酒吗',
  '鄂尔多斯哪里好玩',
  '帮我写一份请假条',
  '给我讲个故事',
  '失业了心情不好怎么办',
];

/** Handoff, complaint and urgent requests. */
export const HOLDOUT2_HANDOFF: readonly (readonly ['requested' | 'complaint' | 'urgent', string])[] = [
  ['requested', '能不能找个真人跟我说'],
  ['requested', '人工客服在哪'],
  ['complaint', '上次去办事窗口的人爱答不理的，我要反映'],
  ['urgent', '有人打架都流血了快来人'],
];
