/**
 * What a question is for: a government service (办, 申请, 材料, 在哪, 多久 …) or something else
 * said with a catalog word — a word's meaning (身份证号码是什么意思), a skill (驾照怎么练), an
 * opinion or a recommendation (难不难, 哪个好, 值不值), a present (送什么), feelings (心情不好),
 * health and lifestyle advice (能喝酒吗), a private dispute (房子怎么分). The catalog words make
 * retrieval confident, so these would be answered or get buttons; the purpose refuses them.
 * General patterns only: none names a matter, and a procedure cue said anywhere wins (考驾照难不难
 * is refused, 考驾照难不难办、要什么材料 is not).
 */
import { normalizeText } from '@cloud-seat/contracts';

/** Purposes the bureau does not serve, as general wordings. */
export const NON_SERVICE_PURPOSE: readonly RegExp[] = [
  // meaning of a word or a number
  /什么意思|啥意思|是啥意思|什么含义|啥含义|含义是|代表什么|代表啥|怎么理解|指的是什么/,
  // skills, practice, exams as such
  /怎么练|咋练|练习|技巧|窍门|诀窍|秘诀|好考吗|难考吗|好不好考|难不难|难吗|容易过吗|好过吗|能考过|怎么考过/,
  // opinions, comparisons, recommendations
  /(干|做|玩|买|学|吃|穿)点?(什么|啥)好|好不好|哪个好|哪家好|哪种好|哪个更好|推荐|值不值|值得吗|划算|靠谱吗|怎么选|选哪个|有必要吗|有没有必要/,
  // presents, celebrations, relationships
  /送什么|送啥|礼物|纪念日|怎么庆祝|怎么过生日|怎么追|怎么哄|吵架|感情/,
  // feelings
  /心情|难过|伤心|郁闷|焦虑|抑郁|想哭|烦死|压力大|不开心|好累|睡不着/,
  // health and lifestyle advice
  /喝酒|抽烟|吃什么|能吃吗|副作用|疼不疼|痛不痛|洗澡|发烧|过敏/,
  // private disputes and shares
  /怎么分|咋分|归谁|分给谁|谁出钱|打官司/,
];

/**
 * Procedure words: a question that says one of them asks about a service, whatever else it says.
 * A lost, broken or expired document is a procedure's need (户口本丢了心情很差怎么办). 办 counts
 * alone, but not in 怎么办/咋办 (what citizens add to any trouble: 心情不好怎么办).
 */
const SERVICE_PURPOSE =
  /办理|申请|申领|领取|补办|补领|换领|补换|注销|登记|备案|提取|缴费|缴纳|报销|认定|开具|证明|材料|手续|流程|条件|多久|多长时间|时限|费用|收费|多少钱|在哪|哪里|哪儿|地址|电话|网上|线上|预约|窗口|部门|带什么|带啥|要什么|需要什么|丢了|坏了|过期|到期|失效/;

const GENERIC_HOW = /怎么办|咋办|怎么整|咋整|好办/g;

/** True when the question asks for a meaning, advice, an opinion or chit-chat, and names no procedure. */
export function nonServicePurpose(text: string): boolean {
  const t = normalizeText(text);
  if (!NON_SERVICE_PURPOSE.some((re) => re.test(t))) return false;
  const rest = t.replace(GENERIC_HOW, '');
  return !(SERVICE_PURPOSE.test(rest) || rest.includes('办'));
}
