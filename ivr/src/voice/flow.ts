/**
 * A declarative voice IVR flow (语音导航流程): named nodes (play, menu, goto, hours check,
 * enqueue, seat, hangup) and the queue announcement settings, checked once by `parseFlow`
 * against the prompt catalog. The interpreter (`interpreter.ts`) runs a parsed flow; the
 * telephony side only executes the actions it returns. Pure: no I/O.
 */
import { CITY_REGION_CODE, GENERAL_CATEGORY, REGION_CODES, type RegionCode } from '@cloud-seat/contracts';
import { z } from 'zod';
import { NUMBER_CLIP_IDS } from './numbers.js';

/** Keys of a phone keypad. */
export const DTMF_KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
export type DtmfKey = (typeof DTMF_KEYS)[number];
/** 按0转人工: from any menu (and during any plain prompt) in service hours; no menu may use it. */
export const SEAT_KEY: DtmfKey = '0';

/** Why the IVR ends a call itself. */
export const HANGUP_CAUSES = ['normal', 'afterHours', 'noInput'] as const;
export type HangupCause = (typeof HANGUP_CAUSES)[number];

/** The prompt catalog: prompt id → the Chinese text spoken in its audio file. */
export type PromptCatalog = Readonly<Record<string, string>>;

export const dtmfKeySchema = z.enum(DTMF_KEYS);
const nodeId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'node ids are lowercase letters, digits and -');
/** Prompt ids name audio files (`<id>.wav`), so they stay file-name safe. */
const promptId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'prompt ids are lowercase letters, digits and -');
const category = z.string().trim().min(1).max(32);
const regionCode = z.enum(REGION_CODES);

/** Play prompts, then go on when they are done. */
const playNode = z.object({ kind: z.literal('play'), prompts: z.array(promptId).min(1), next: nodeId });

/** One key of a menu; choosing it may set the region and/or the business category of the call. */
const menuOption = z.object({
  key: dtmfKeySchema,
  /** What the choice means, in Chinese (recorded in the IVR path shown on the ticket). */
  label: z.string().trim().min(1).max(32),
  next: nodeId,
  regionCode: regionCode.optional(),
  category: category.optional(),
});

/**
 * Play the menu and collect one key. A wrong key or no key plays `invalidPrompt` / `timeoutPrompt`
 * and the menu again; after `retries` such re-prompts the next failure goes to `onExhausted`.
 */
const menuNode = z.object({
  kind: z.literal('menu'),
  prompts: z.array(promptId).min(1),
  options: z.array(menuOption).min(1),
  /** Keys that replay this menu besides the flow's `repeatKeys` (e.g. 9 where 9 is free). */
  repeatKeys: z.array(dtmfKeySchema).default([]),
  /** How long to wait for a key after the menu prompt ends. */
  timeoutMs: z.number().int().min(1000).max(60_000).default(8000),
  retries: z.number().int().min(0).max(5).default(2),
  invalidPrompt: promptId,
  timeoutPrompt: promptId,
  onExhausted: nodeId,
});

const gotoNode = z.object({ kind: z.literal('goto'), next: nodeId });

/** 工作时间判断: `open` in service hours, else `closed` (the caller's context says which). */
const hoursNode = z.object({ kind: z.literal('hours'), open: nodeId, closed: nodeId });

/**
 * Queue the call for a seat (the ACD's queue of a region × business category). A fixed
 * `regionCode`/`category` wins over the caller's menu choices, which win over the flow defaults.
 */
const enqueueNode = z.object({
  kind: z.literal('enqueue'),
  prompts: z.array(promptId).default([]),
  regionCode: regionCode.optional(),
  category: category.optional(),
});

/** 转人工: queue for a seat of the region (and category) chosen so far, else the flow defaults. */
const seatNode = z.object({ kind: z.literal('seat'), prompts: z.array(promptId).default([]) });

const hangupNode = z.object({
  kind: z.literal('hangup'),
  prompts: z.array(promptId).default([]),
  cause: z.enum(HANGUP_CAUSES).default('normal'),
});

export const flowNodeSchema = z.discriminatedUnion('kind', [
  playNode,
  menuNode,
  gotoNode,
  hoursNode,
  enqueueNode,
  seatNode,
  hangupNode,
]);

/** 排队播报: the clips around the numbers of `您前面还有 N 位，请耐心等待。预计等待约 M 分钟。` */
const queueSchema = z.object({
  /** Hold music (等待音乐) id, resolved by the media side (a file or FreeSWITCH `local_stream://moh`). */
  holdMusic: z.string().min(1),
  ahead: promptId,
  aheadEnd: promptId,
  /** Said instead when nobody is ahead. */
  next: promptId,
  eta: promptId,
  etaEnd: promptId,
  /** Said instead of the minutes when the wait is under a minute. */
  etaShort: promptId,
});

export const voiceFlowSchema = z.object({
  id: z.string().trim().min(1).max(64),
  /** Chinese name, for the admin pages. */
  name: z.string().trim().min(1).max(64),
  start: nodeId,
  /** The node `0` leads to; must be a `seat` node. */
  seat: nodeId,
  /** Keys that replay the current menu in every menu. */
  repeatKeys: z.array(dtmfKeySchema).default(['*']),
  /** Region and category of a call queued before the caller chose them. */
  defaults: z
    .object({ regionCode: regionCode.default(CITY_REGION_CODE), category: category.default(GENERAL_CATEGORY) })
    .default({ regionCode: CITY_REGION_CODE, category: GENERAL_CATEGORY }),
  queue: queueSchema,
  nodes: z.record(nodeId, flowNodeSchema),
});

export type VoiceFlow = z.infer<typeof voiceFlowSchema>;
/** A flow as written (defaults not yet filled in). */
export type VoiceFlowInput = z.input<typeof voiceFlowSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type MenuNode = Extract<FlowNode, { kind: 'menu' }>;
export type MenuOption = MenuNode['options'][number];

export const FLOW_ISSUE_CODES = [
  'schema',
  'missingTarget',
  'unknownPrompt',
  'unreachable',
  'duplicateKey',
  'reservedKey',
  'notSeatNode',
  'loop',
] as const;
export type FlowIssueCode = (typeof FLOW_ISSUE_CODES)[number];

export interface FlowIssue {
  code: FlowIssueCode;
  /** The node concerned, when there is one. */
  node?: string;
  message: string;
}

export class FlowError extends Error {
  constructor(readonly issues: FlowIssue[]) {
    super(`invalid voice flow: ${issues.map((i) => i.message).join('; ')}`);
    this.name = 'FlowError';
  }
}

/** The nodes a node leads to (menu options, exhaustion, next, both hours branches). */
export function targetsOf(node: FlowNode): string[] {
  switch (node.kind) {
    case 'play':
    case 'goto':
      return [node.next];
    case 'menu':
      return [...node.options.map((o) => o.next), node.onExhausted];
    case 'hours':
      return [node.open, node.closed];
    case 'enqueue':
    case 'seat':
    case 'hangup':
      return [];
  }
}

function promptsOf(node: FlowNode): string[] {
  switch (node.kind) {
    case 'menu':
      return [...node.prompts, node.invalidPrompt, node.timeoutPrompt];
    case 'play':
    case 'enqueue':
    case 'seat':
    case 'hangup':
      return node.prompts;
    case 'goto':
    case 'hours':
      return [];
  }
}

/**
 * The regions a flow can queue a call for (its menus' and queue nodes' regions and its default):
 * the hotline is open while seats of any of them are on duty.
 */
export function flowRegions(flow: VoiceFlow): RegionCode[] {
  const regions = new Set<RegionCode>([flow.defaults.regionCode]);
  for (const node of Object.values(flow.nodes)) {
    if (node.kind === 'menu') for (const o of node.options) if (o.regionCode) regions.add(o.regionCode);
    if (node.kind === 'enqueue' && node.regionCode) regions.add(node.regionCode);
  }
  return [...regions].sort();
}

/** Nodes the interpreter passes through without waiting (a cycle of them would never stop). */
export function isImmediate(node: FlowNode): boolean {
  return node.kind === 'goto' || node.kind === 'hours';
}

/**
 * Everything wrong with a flow: schema errors, or (on a well-formed flow) targets that do not
 * exist, prompts missing from the catalog (the queue clips and number clips included), nodes
 * reachable neither from `start` nor through `0`, duplicate menu keys, `0` or a repeat key used
 * as an option, a `seat` that is not a seat node, and goto/hours cycles. Empty when it is sound.
 */
export function checkFlow(input: unknown, catalog: PromptCatalog): { flow: VoiceFlow | null; issues: FlowIssue[] } {
  const parsed = voiceFlowSchema.safeParse(input);
  if (!parsed.success) {
    return {
      flow: null,
      issues: parsed.error.issues.map((i) => ({
        code: 'schema' as const,
        message: `${i.path.join('.') || '(flow)'}: ${i.message}`,
      })),
    };
  }
  const flow = parsed.data;
  const issues: FlowIssue[] = [];
  const nodes = new Map(Object.entries(flow.nodes));
  const has = (id: string) => nodes.has(id);

  for (const [field, id] of [
    ['start', flow.start],
    ['seat', flow.seat],
  ] as const) {
    if (!has(id)) issues.push({ code: 'missingTarget', message: `${field} → "${id}" is not a node` });
  }
  const seatNode = nodes.get(flow.seat);
  if (seatNode && seatNode.kind !== 'seat') {
    issues.push({ code: 'notSeatNode', node: flow.seat, message: `seat → "${flow.seat}" is a ${seatNode.kind} node` });
  }
  if (flow.repeatKeys.includes(SEAT_KEY)) {
    issues.push({ code: 'reservedKey', message: `repeatKeys: "${SEAT_KEY}" is reserved for the seat` });
  }

  const { holdMusic: _holdMusic, ...queuePrompts } = flow.queue;
  const unknown = (ids: readonly string[], node?: string) => {
    for (const id of new Set(ids)) {
      if (catalog[id] === undefined) {
        issues.push({
          code: 'unknownPrompt',
          node,
          message: `${node ?? 'queue'}: prompt "${id}" is not in the catalog`,
        });
      }
    }
  };
  unknown([...Object.values(queuePrompts), ...NUMBER_CLIP_IDS]);

  for (const [id, node] of nodes) {
    for (const target of targetsOf(node)) {
      if (!has(target)) issues.push({ code: 'missingTarget', node: id, message: `${id} → "${target}" is not a node` });
    }
    unknown(promptsOf(node), id);
    if (node.kind === 'menu') issues.push(...menuIssues(id, node, flow.repeatKeys));
  }

  // reachable from the start, and from anywhere through 0 (the seat node)
  const reached = new Set<string>();
  const stack = [flow.start, flow.seat].filter(has);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const t of targetsOf(nodes.get(id)!)) if (has(t) && !reached.has(t)) stack.push(t);
  }
  for (const id of nodes.keys()) {
    if (!reached.has(id)) issues.push({ code: 'unreachable', node: id, message: `${id} is never reached` });
  }

  issues.push(...immediateLoops(nodes));
  return { flow: issues.length === 0 ? flow : null, issues };
}

function menuIssues(id: string, node: MenuNode, flowRepeatKeys: readonly DtmfKey[]): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const seen = new Set<string>();
  const repeat = new Set([...flowRepeatKeys, ...node.repeatKeys]);
  for (const option of node.options) {
    if (seen.has(option.key)) {
      issues.push({ code: 'duplicateKey', node: id, message: `${id}: key "${option.key}" is used twice` });
    }
    seen.add(option.key);
    if (option.key === SEAT_KEY) {
      issues.push({ code: 'reservedKey', node: id, message: `${id}: key "${SEAT_KEY}" is reserved for the seat` });
    } else if (repeat.has(option.key)) {
      issues.push({ code: 'reservedKey', node: id, message: `${id}: key "${option.key}" is a repeat key` });
    }
  }
  if (node.repeatKeys.includes(SEAT_KEY)) {
    issues.push({ code: 'reservedKey', node: id, message: `${id}: repeat key "${SEAT_KEY}" is reserved for the seat` });
  }
  return issues;
}

/** goto/hours cycles: the interpreter would pass through them forever. */
function immediateLoops(nodes: ReadonlyMap<string, FlowNode>): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const node = nodes.get(id);
    if (!node || !isImmediate(node) || state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      issues.push({ code: 'loop', node: id, message: `goto/hours loop: ${cycle.join(' → ')}` });
      return;
    }
    state.set(id, 'open');
    for (const t of targetsOf(node)) visit(t, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of nodes.keys()) visit(id, []);
  return issues;
}

/** The flow with its defaults filled in, or a `FlowError` listing every issue. */
export function parseFlow(input: unknown, catalog: PromptCatalog): VoiceFlow {
  const { flow, issues } = checkFlow(input, catalog);
  if (!flow) throw new FlowError(issues);
  return flow;
}
