/**
 * The voice IVR interpreter (语音导航状态机), pure: `start` a parsed flow for one call, then feed
 * it the call's events (`onEvent`); each step returns the next state and the actions the media
 * side runs (an embedded SIP switch or FreeSWITCH over ESL). No timers, no I/O: the media side
 * reports digits, timeouts, prompt ends, queue positions and the caller's hangup.
 *
 * Action semantics, for the executor:
 * - the actions of one step run in order; a later step's actions replace whatever of the
 *   previous ones has not finished (a playing prompt stops);
 * - `play` reports `promptDone` when it ends; with `bargeIn` a key ends it early (a menu:
 *   `play` + `collectDtmf` is one gather, like FreeSWITCH `play_and_get_digits`); without it
 *   keys are still reported but do not stop the audio;
 * - `collectDtmf` waits `timeoutMs` after the prompt before reporting `timeout`;
 * - `music` loops hold music until the next step's actions;
 * - `enqueue` hands the call to the ACD; positions then arrive as `queuePosition` events.
 */
import type { RegionCode } from '@cloud-seat/contracts';
import { z } from 'zod';
import {
  dtmfKeySchema,
  SEAT_KEY,
  type DtmfKey,
  type FlowNode,
  type HangupCause,
  type MenuNode,
  type VoiceFlow,
} from './flow.js';
import { MAX_SAID_NUMBER, sayNumber } from './numbers.js';

export interface CallContext {
  now: Date;
  /** Whether seats are on duty now (the engine knows the shifts). After hours `0` does nothing. */
  inServiceHours: boolean;
  /** The region of the dialed number, when it has one: the call's region until the caller picks one. */
  regionCode?: RegionCode;
}

export const IVR_STEP_RESULTS = [
  'enter',
  'open',
  'closed',
  'option',
  'seat',
  'repeat',
  'invalid',
  'timeout',
  'exhausted',
  'hangup',
] as const;
export type IvrStepResult = (typeof IVR_STEP_RESULTS)[number];

/** One entry of the IVR path (导航路径) the ticket shows: a node entered or a key pressed there. */
export interface IvrStep {
  node: string;
  result: IvrStepResult;
  key?: DtmfKey;
  /** The chosen option's label (东胜区, 社会保障). */
  label?: string;
}

export interface IvrState {
  readonly flow: VoiceFlow;
  /** `running` in the menus, `queued` once handed to the ACD, `ended` after a hangup. */
  readonly status: 'running' | 'queued' | 'ended';
  /** The node the call waits in (or ended / queued at). */
  readonly node: string;
  /** Wrong or missing keys so far in the current menu. */
  readonly attempts: number;
  readonly inServiceHours: boolean;
  readonly regionCode: RegionCode | null;
  readonly category: string | null;
  readonly path: readonly IvrStep[];
  readonly startedAt: string;
}

/** The events the media side reports; validate with this schema where they enter (ESL, SIP). */
export const ivrEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dtmf'), digit: dtmfKeySchema }),
  z.object({ type: z.literal('timeout') }),
  z.object({ type: z.literal('promptDone') }),
  z.object({
    type: z.literal('queuePosition'),
    /** Callers ahead of this one. */
    position: z.number().int().min(0),
    /** Estimated wait, when the ACD has one. */
    etaSeconds: z.number().min(0).nullable().optional(),
  }),
  z.object({ type: z.literal('hangup') }),
]);
export type IvrEvent = z.infer<typeof ivrEventSchema>;

export type IvrAction =
  /** Play prompts and number clips in order (ids of the prompt catalog). */
  | { type: 'play'; promptIds: string[]; bargeIn: boolean }
  | { type: 'collectDtmf'; maxDigits: number; timeoutMs: number }
  | { type: 'enqueue'; regionCode: RegionCode; category: string; path: IvrStep[] }
  | { type: 'music'; musicId: string }
  | { type: 'hangup'; cause: HangupCause };

export interface IvrTurn {
  state: IvrState;
  actions: IvrAction[];
}

const COUNTING = { counting: true };

/** goto/hours nodes passed in one step at most (flows are checked for such loops already). */
const MAX_HOPS = 64;

/** A call arrives: the state at the flow's start and the first actions. */
export function start(flow: VoiceFlow, ctx: CallContext): IvrTurn {
  const state: IvrState = {
    flow,
    status: 'running',
    node: flow.start,
    attempts: 0,
    inServiceHours: ctx.inServiceHours,
    regionCode: ctx.regionCode ?? null,
    category: null,
    path: [],
    startedAt: ctx.now.toISOString(),
  };
  return enter(state, flow.start, []);
}

/** The next state and actions after one event. Events that mean nothing where the call is change nothing. */
export function onEvent(state: IvrState, event: IvrEvent): IvrTurn {
  if (state.status === 'ended') return idle(state);
  if (event.type === 'hangup') {
    return settle(state, { status: 'ended' }, [{ node: state.node, result: 'hangup' }], []);
  }
  if (state.status === 'queued') {
    if (event.type !== 'queuePosition') return idle(state);
    return {
      state,
      actions: [
        {
          type: 'play',
          promptIds: queueAnnouncement(state.flow.queue, event.position, event.etaSeconds),
          bargeIn: false,
        },
        { type: 'music', musicId: state.flow.queue.holdMusic },
      ],
    };
  }
  const node = nodeAt(state.flow, state.node);
  if (event.type === 'dtmf' && event.digit === SEAT_KEY && state.inServiceHours) {
    if (node.kind === 'menu' || node.kind === 'play') {
      return enter(state, state.flow.seat, [{ node: state.node, result: 'seat', key: SEAT_KEY }]);
    }
  }
  if (node.kind === 'play') return event.type === 'promptDone' ? enter(state, node.next, []) : idle(state);
  if (node.kind === 'menu') {
    if (event.type === 'dtmf') return onMenuKey(state, node, event.digit);
    if (event.type === 'timeout') return onMenuFailure(state, node, 'timeout');
  }
  return idle(state);
}

/**
 * The clips of one queue announcement: 您前面还有 N 位，请耐心等待。预计等待约 M 分钟。 (or
 * 您是下一位… when nobody is ahead; 预计等待不到1分钟 under a minute; no wait when unknown).
 * Numbers above 9999 are said as 9999.
 */
export function queueAnnouncement(queue: VoiceFlow['queue'], position: number, etaSeconds?: number | null): string[] {
  if (position <= 0) return [queue.next];
  const ids: string[] = [queue.ahead, ...sayNumber(Math.min(position, MAX_SAID_NUMBER), COUNTING), queue.aheadEnd];
  if (etaSeconds === undefined || etaSeconds === null) return ids;
  if (etaSeconds < 60) return [...ids, queue.etaShort];
  const minutes = Math.min(Math.ceil(etaSeconds / 60), MAX_SAID_NUMBER);
  return [...ids, queue.eta, ...sayNumber(minutes, COUNTING), queue.etaEnd];
}

const STEP_WORDS: Partial<Record<IvrStepResult, string>> = {
  closed: '非工作时间',
  seat: '按0转人工',
  exhausted: '未完成按键选择',
  hangup: '来电挂机',
};

/** The path in a line for the ticket: 东胜区 › 社会保障, 按0转人工, 非工作时间 › 来电挂机. */
export function summarizePath(path: readonly IvrStep[]): string {
  return path
    .map((s) => (s.result === 'option' ? s.label : STEP_WORDS[s.result]))
    .filter((w): w is string => Boolean(w))
    .join(' › ');
}

function idle(state: IvrState): IvrTurn {
  return { state, actions: [] };
}

function settle(state: IvrState, patch: Partial<IvrState>, steps: IvrStep[], actions: IvrAction[]): IvrTurn {
  return { state: { ...state, ...patch, path: [...state.path, ...steps] }, actions };
}

function nodeAt(flow: VoiceFlow, id: string): FlowNode {
  const node = flow.nodes[id];
  if (!node) throw new Error(`voice flow ${flow.id}: no node "${id}" (parse flows with parseFlow)`);
  return node;
}

function menuActions(node: MenuNode, before: readonly string[]): IvrAction[] {
  return [
    { type: 'play', promptIds: [...before, ...node.prompts], bargeIn: true },
    { type: 'collectDtmf', maxDigits: 1, timeoutMs: node.timeoutMs },
  ];
}

/** Go to `target`, passing goto/hours nodes, up to the next node that waits, queues or hangs up. */
function enter(state: IvrState, target: string, steps: IvrStep[]): IvrTurn {
  const { flow } = state;
  let id = target;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const node = nodeAt(flow, id);
    switch (node.kind) {
      case 'goto':
        steps.push({ node: id, result: 'enter' });
        id = node.next;
        continue;
      case 'hours':
        steps.push({ node: id, result: state.inServiceHours ? 'open' : 'closed' });
        id = state.inServiceHours ? node.open : node.closed;
        continue;
      case 'play':
        steps.push({ node: id, result: 'enter' });
        return settle(state, { node: id, attempts: 0 }, steps, [
          { type: 'play', promptIds: [...node.prompts], bargeIn: false },
        ]);
      case 'menu':
        steps.push({ node: id, result: 'enter' });
        return settle(state, { node: id, attempts: 0 }, steps, menuActions(node, []));
      case 'enqueue':
      case 'seat': {
        steps.push({ node: id, result: 'enter' });
        const fixed: { regionCode?: RegionCode; category?: string } = node.kind === 'enqueue' ? node : {};
        const regionCode = fixed.regionCode ?? state.regionCode ?? flow.defaults.regionCode;
        const category = fixed.category ?? state.category ?? flow.defaults.category;
        const next = settle(state, { node: id, status: 'queued', regionCode, category }, steps, []);
        const actions: IvrAction[] = [];
        if (node.prompts.length > 0) actions.push({ type: 'play', promptIds: [...node.prompts], bargeIn: false });
        actions.push(
          { type: 'enqueue', regionCode, category, path: [...next.state.path] },
          { type: 'music', musicId: flow.queue.holdMusic },
        );
        return { state: next.state, actions };
      }
      case 'hangup': {
        steps.push({ node: id, result: 'enter' });
        const actions: IvrAction[] = [];
        if (node.prompts.length > 0) actions.push({ type: 'play', promptIds: [...node.prompts], bargeIn: false });
        actions.push({ type: 'hangup', cause: node.cause });
        return settle(state, { node: id, status: 'ended' }, steps, actions);
      }
    }
  }
  throw new Error(`voice flow ${flow.id}: more than ${MAX_HOPS} goto/hours nodes in a row at "${id}"`);
}

function onMenuKey(state: IvrState, node: MenuNode, digit: DtmfKey): IvrTurn {
  const option = node.options.find((o) => o.key === digit);
  if (option) {
    const chosen: IvrState = {
      ...state,
      regionCode: option.regionCode ?? state.regionCode,
      category: option.category ?? state.category,
    };
    return enter(chosen, option.next, [{ node: state.node, result: 'option', key: digit, label: option.label }]);
  }
  if (state.flow.repeatKeys.includes(digit) || node.repeatKeys.includes(digit)) {
    return settle(state, {}, [{ node: state.node, result: 'repeat', key: digit }], menuActions(node, []));
  }
  return onMenuFailure(state, node, 'invalid', digit);
}

/** A wrong key or no key: say so and replay the menu, or after `retries` re-prompts give up. */
function onMenuFailure(state: IvrState, node: MenuNode, result: 'invalid' | 'timeout', key?: DtmfKey): IvrTurn {
  const attempts = state.attempts + 1;
  const step: IvrStep = key === undefined ? { node: state.node, result } : { node: state.node, result, key };
  if (attempts > node.retries) {
    return enter(state, node.onExhausted, [step, { node: state.node, result: 'exhausted' }]);
  }
  const notice = result === 'invalid' ? node.invalidPrompt : node.timeoutPrompt;
  return settle(state, { attempts }, [step], menuActions(node, [notice]));
}
