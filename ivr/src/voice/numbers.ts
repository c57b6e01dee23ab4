/**
 * Numbers said from recorded clips (数字报读): a queue position or a wait in minutes becomes a
 * list of clip ids, so announcements need no speech synthesis on the media path. Pure.
 */

/** The clips numbers are composed of: id → the Chinese text spoken in the clip. */
export const NUMBER_CLIPS = {
  'num-0': '零',
  'num-1': '一',
  'num-2': '二',
  'num-3': '三',
  'num-4': '四',
  'num-5': '五',
  'num-6': '六',
  'num-7': '七',
  'num-8': '八',
  'num-9': '九',
  /** 两, said for 2 before 百 and 千 (两百, 两千) and in counts (两位). */
  'num-liang': '两',
  'num-10': '十',
  'num-100': '百',
  'num-1000': '千',
} as const;
export type NumberClipId = keyof typeof NUMBER_CLIPS;
export const NUMBER_CLIP_IDS = Object.keys(NUMBER_CLIPS) as NumberClipId[];

/** The largest number `sayNumber` says (the queue announcement caps at it). */
export const MAX_SAID_NUMBER = 9999;

const UNIT_CLIPS: readonly (NumberClipId | null)[] = [null, 'num-10', 'num-100', 'num-1000'];

/**
 * The clip ids that say `n` (0–9999) in Mandarin: 10 十, 15 十五, 20 二十, 101 一百零一,
 * 110 一百一十, 200 两百, 1010 一千零一十. One 零 stands for any run of inner zeros; trailing
 * zeros are silent. `counting` is for a count before a measure word: 2 is 两 (两位, 两分钟).
 */
export function sayNumber(n: number, options: { counting?: boolean } = {}): NumberClipId[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAID_NUMBER) {
    throw new RangeError(`sayNumber: ${n} is not an integer from 0 to ${MAX_SAID_NUMBER}`);
  }
  if (n === 0) return ['num-0'];
  if (n === 2 && options.counting) return ['num-liang'];
  const digits = String(n).split('').map(Number);
  const clips: NumberClipId[] = [];
  let zeroPending = false;
  digits.forEach((d, i) => {
    const place = digits.length - 1 - i; // 0 ones, 1 tens, 2 hundreds, 3 thousands
    if (d === 0) {
      zeroPending = clips.length > 0;
      return;
    }
    if (zeroPending) clips.push('num-0');
    zeroPending = false;
    const leadingTen = place === 1 && d === 1 && i === 0; // 十五, not 一十五 (but 一百一十)
    if (!leadingTen) clips.push(d === 2 && place >= 2 ? 'num-liang' : (`num-${d}` as NumberClipId));
    const unit = UNIT_CLIPS[place];
    if (unit) clips.push(unit);
  });
  // a zero run at the end (100, 1200) is not said
  return clips;
}

/** The Chinese text of `sayNumber(n)`, e.g. 一百零一 (for transcripts and tests). */
export function numberText(n: number, options: { counting?: boolean } = {}): string {
  return sayNumber(n, options)
    .map((id) => NUMBER_CLIPS[id])
    .join('');
}
