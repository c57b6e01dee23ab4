/**
 * The default flow of the Ordos government service hotline (鄂尔多斯市政务服务热线): greeting,
 * service-hours check (after hours: leave a message or book through the mini-program, then a
 * polite goodbye), region menu (the ten regions of `REGIONS`, 8 on the first page and the rest
 * behind 9), topic menu (the business categories the ACD queues by), then the queue. `0` reaches
 * a seat from anywhere; `*` (and `9` where 9 is no choice) repeats a menu. A caller who fails a
 * menu three times (wrong key or no key) is put through to a seat rather than hung up on: most
 * are elderly callers who cannot work the menu, and a seat is what they need.
 */
import { GENERAL_CATEGORY, REGIONS, type RegionCode } from '@cloud-seat/contracts';
import { parseFlow, type DtmfKey, type PromptCatalog, type VoiceFlow, type VoiceFlowInput } from './flow.js';
import { NUMBER_CLIPS } from './numbers.js';
import { basePrompts, DEFAULT_HOURS_TEXT, menuPromptText } from './prompts.js';

/**
 * The business categories (teams) the ACD queues contacts by, in menu order: 综合咨询 (every
 * seat serves it) and the seeded teams (engine/src/seed/demoData.ts `SEAT_CATEGORIES`; a test
 * keeps the two equal). A bureau with other teams passes its own `topics`.
 */
export const HOTLINE_TOPICS: readonly string[] = [GENERAL_CATEGORY, '社会保障', '企业开办'];

export interface HotlineOptions {
  /** Topic menu choices, keys 1…8 (9 repeats). Default `HOTLINE_TOPICS`. */
  topics?: readonly string[];
  /** The service hours as said after hours. Default `DEFAULT_HOURS_TEXT`. */
  hoursText?: string;
}

/** One choice of a hotline menu. */
export interface HotlineMenuEntry {
  key: DtmfKey;
  /** Recorded in the IVR path. */
  label: string;
  /** Said in the menu prompt. */
  spoken: string;
  next: string;
  regionCode?: RegionCode;
  category?: string;
}

export interface HotlineMenus {
  region: HotlineMenuEntry[];
  regionMore: HotlineMenuEntry[];
  topic: HotlineMenuEntry[];
}

/** Repeat keys: `*` everywhere; menus that leave 9 free repeat with 9 too. */
const FLOW_REPEAT_KEYS: DtmfKey[] = ['*'];
const NINE: DtmfKey[] = ['9'];
const PAGE = 8;

function digitKey(i: number): DtmfKey {
  return String(i + 1) as DtmfKey;
}

/** The menus' choices: regions in `REGIONS` order, the topics in the order given. */
export function hotlineMenus(topics: readonly string[] = HOTLINE_TOPICS): HotlineMenus {
  if (topics.length === 0 || topics.length > PAGE) {
    throw new RangeError(`the topic menu takes 1 to ${PAGE} categories, not ${topics.length}`);
  }
  if (REGIONS.length > 2 * PAGE) throw new RangeError('more regions than two menu pages hold');
  const regionEntry = (r: (typeof REGIONS)[number], i: number): HotlineMenuEntry => ({
    key: digitKey(i),
    label: r.name,
    spoken: r.name,
    next: 'topic',
    regionCode: r.code,
  });
  const paged = REGIONS.length > PAGE + 1;
  const first = paged ? REGIONS.slice(0, PAGE) : REGIONS;
  const rest = paged ? REGIONS.slice(PAGE) : [];
  const region = first.map(regionEntry);
  if (paged) {
    region.push({ key: '9', label: '更多旗区', spoken: rest.map((r) => r.name).join('、'), next: 'region-more' });
  }
  const regionMore = rest.map(regionEntry);
  if (paged) regionMore.push({ key: '#', label: '返回上一级', spoken: '返回上一级', next: 'region' });
  const topic = topics.map((category, i) => ({
    key: digitKey(i),
    label: category,
    spoken: category,
    next: 'queue',
    category,
  }));
  return { region, regionMore, topic };
}

/** Every prompt the hotline flow plays: the base prompts, its menus and the number clips. */
export function hotlinePrompts(options: HotlineOptions = {}): PromptCatalog {
  const menus = hotlineMenus(options.topics);
  return {
    ...basePrompts(options.hoursText ?? DEFAULT_HOURS_TEXT),
    'menu-region': menuPromptText('请选择您要咨询的地区。', menus.region, FLOW_REPEAT_KEYS),
    ...(menus.regionMore.length > 0
      ? { 'menu-region-more': menuPromptText('', menus.regionMore, [...FLOW_REPEAT_KEYS, ...NINE]) }
      : {}),
    'menu-topic': menuPromptText('请选择您要办理的业务。', menus.topic, [...FLOW_REPEAT_KEYS, ...NINE]),
    ...NUMBER_CLIPS,
  };
}

/** The default hotline prompts (what `npm run prompts -w ivr` synthesizes). */
export const HOTLINE_PROMPTS: PromptCatalog = hotlinePrompts();

const MENU_DEFAULTS = {
  timeoutMs: 8000, // elderly callers need time to find the key
  retries: 2,
  invalidPrompt: 'invalid',
  timeoutPrompt: 'no-input',
  onExhausted: 'assist',
} as const;

function menuOptions(entries: readonly HotlineMenuEntry[]) {
  return entries.map(({ key, label, next, regionCode, category }) => ({ key, label, next, regionCode, category }));
}

/** The hotline flow as written (before `parseFlow`). */
export function hotlineFlowInput(options: HotlineOptions = {}): VoiceFlowInput {
  const menus = hotlineMenus(options.topics);
  const nodes: VoiceFlowInput['nodes'] = {
    welcome: { kind: 'play', prompts: ['welcome'], next: 'hours' },
    hours: { kind: 'hours', open: 'region', closed: 'closed' },
    closed: { kind: 'hangup', prompts: ['after-hours', 'after-hours-options', 'goodbye'], cause: 'afterHours' },
    region: { kind: 'menu', prompts: ['menu-region'], options: menuOptions(menus.region), ...MENU_DEFAULTS },
    topic: {
      kind: 'menu',
      prompts: ['menu-topic'],
      options: menuOptions(menus.topic),
      repeatKeys: NINE,
      ...MENU_DEFAULTS,
    },
    queue: { kind: 'enqueue', prompts: ['connecting'] },
    assist: { kind: 'play', prompts: ['assist'], next: 'seat' },
    seat: { kind: 'seat', prompts: ['connecting'] },
  };
  if (menus.regionMore.length > 0) {
    nodes['region-more'] = {
      kind: 'menu',
      prompts: ['menu-region-more'],
      options: menuOptions(menus.regionMore),
      repeatKeys: NINE,
      ...MENU_DEFAULTS,
    };
  }
  return {
    id: 'ordos-hotline',
    name: '鄂尔多斯市政务服务热线',
    start: 'welcome',
    seat: 'seat',
    repeatKeys: FLOW_REPEAT_KEYS,
    queue: {
      holdMusic: 'hold-music',
      ahead: 'queue-ahead',
      aheadEnd: 'queue-ahead-end',
      next: 'queue-next',
      eta: 'queue-eta',
      etaEnd: 'queue-eta-end',
      etaShort: 'queue-eta-short',
    },
    nodes,
  };
}

/** The checked hotline flow and the catalog it was checked against. */
export function hotlineFlow(options: HotlineOptions = {}): { flow: VoiceFlow; prompts: PromptCatalog } {
  const prompts = hotlinePrompts(options);
  return { flow: parseFlow(hotlineFlowInput(options), prompts), prompts };
}
