/**
 * The voice prompts (语音提示): id → the Chinese text spoken in `ivr/prompts/<id>.wav`. The text
 * is the source of truth: `npm run prompts -w ivr` synthesizes the audio from it and keeps it in
 * the manifest beside the files. The menu prompts are written from the menu entries
 * (`menuPromptText`), so they always say the keys the flow listens for.
 *
 * Wording is for elderly callers: short sentences, the choice first and its key last (东胜区，
 * 请按2), every menu ends with 人工服务 and 再听一遍. Words espeak-ng reads wrongly are avoided
 * (重听 comes out zhòng tīng, so 再听一遍) or given their pinyin in `PRONUNCIATIONS`.
 */
import type { PromptCatalog } from './flow.js';

/** The service hours said after hours (the demo shifts, 08:00–20:00 every day). */
export const DEFAULT_HOURS_TEXT = '每天早上8点到晚上8点';

/** Prompts of the hotline that do not depend on the menus. */
export function basePrompts(hoursText: string = DEFAULT_HOURS_TEXT): PromptCatalog {
  return {
    welcome: '您好，欢迎致电鄂尔多斯市政务服务热线。通话中需要人工服务，请随时按0。',
    'after-hours': `现在是非工作时间，人工服务暂时无法接听。人工服务时间是${hoursText}。`,
    'after-hours-options':
      '您可以打开微信，搜索“云坐席”小程序，给我们留言，或者预约办理时间。工作人员上班后，会尽快和您联系。',
    goodbye: '感谢您的来电，再见。',
    invalid: '对不起，您按的键不在选项中。请您再听一遍。',
    'no-input': '对不起，没有收到您的按键。请您再听一遍。',
    assist: '没关系，我们为您转接人工服务。',
    connecting: '正在为您转接人工服务，请稍候。',
    'queue-ahead': '您前面还有',
    'queue-ahead-end': '位，请耐心等待。',
    'queue-next': '您是下一位，马上为您接通，请稍候。',
    'queue-eta': '预计等待约',
    'queue-eta-end': '分钟。',
    'queue-eta-short': '预计等待不到1分钟。',
  };
}

/**
 * Words espeak-ng's Mandarin reads with the wrong sound for a polyphonic character, and their
 * pinyin (tone numbers). Applied only when synthesizing (`spokenForm`); the catalog keeps the
 * Chinese text. The voice `cmn-latn-pinyin` reads the pinyin as Mandarin.
 */
export const PRONUNCIATIONS: Readonly<Record<string, string>> = {
  康巴什: 'kang1ba1shi2', // not shén
  地区: 'di4qu1', // not the particle de
  尽快: 'jin3kuai4', // not jìn
};

/** The text handed to the synthesizer: `text` with the `PRONUNCIATIONS` words as pinyin. */
export function spokenForm(text: string, pronunciations: Readonly<Record<string, string>> = PRONUNCIATIONS): string {
  let out = text;
  for (const [word, pinyin] of Object.entries(pronunciations)) out = out.split(word).join(pinyin);
  return out;
}

/** How a key is said in a prompt. */
const KEY_WORDS: Record<string, string> = { '*': '星号键', '#': '井号键' };
function keyWord(key: string): string {
  return KEY_WORDS[key] ?? key;
}

export interface MenuPromptEntry {
  key: string;
  /** What the caller hears for the choice (东胜区, 乌审旗、伊金霍洛旗). */
  spoken: string;
}

/**
 * A menu prompt: `intro` then one sentence per choice (东胜区，请按2。), then 人工服务，请按0。
 * and 再听一遍，请按星号键。 (or 请按9或者星号键。 with more repeat keys).
 */
export function menuPromptText(
  intro: string,
  entries: readonly MenuPromptEntry[],
  repeatKeys: readonly string[],
  seatKey = '0',
): string {
  const choices = entries.map((e) => `${e.spoken}，请按${keyWord(e.key)}。`).join('');
  const repeat = [...repeatKeys].sort((a, b) => Number(/\d/.test(b)) - Number(/\d/.test(a))).map(keyWord);
  return `${intro}${choices}人工服务，请按${seatKey}。再听一遍，请按${repeat.join('或者')}。`;
}

/** The Chinese text of a list of prompts (and number clips), for transcripts and logs. */
export function promptText(ids: readonly string[], catalog: PromptCatalog): string {
  return ids.map((id) => catalog[id] ?? `[${id}]`).join('');
}
