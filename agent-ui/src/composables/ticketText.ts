/**
 * Words for tickets: status tag colours, durations, and a readable sentence for each step of a
 * ticket's timeline (who did what, to whom, with which note). Pure, so it is tested on its own.
 */
import {
  CALL_HANGUP_CAUSE_LABELS,
  CHANNEL_LABELS,
  COBROWSE_ANNOTATION_KIND_LABELS,
  HANDOFF_REASON_LABELS,
  SATISFACTION_LABEL_TEXT,
  WAIT_CHOICE_LABELS,
  type Channel,
  type CobrowseAnnotationKind,
  type SatisfactionLabel,
  type TicketStatus,
  type TicketTimelineEntry,
  type WaitChoice,
} from '@cloud-seat/contracts';
import { ASSISTANT_KIND_LABELS, formatTime, regionName } from './labels';

type TagType = 'primary' | 'success' | 'warning' | 'info' | 'danger';

export const TICKET_STATUS_TAG: Record<TicketStatus, TagType> = {
  new: 'warning',
  in_progress: 'primary',
  pending_reply: 'danger',
  resolved: 'success',
  closed: 'info',
};

/** 1:05:09, 12:30, 0:42 — service time as a clock reads. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '—';
  // Recordings measure fractions of a second.
  seconds = Math.round(seconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const ACTOR_TYPE_LABELS = { citizen: '群众', seat: '坐席', staff: '工作人员', system: '系统' } as const;

type EventEntry = Extract<TicketTimelineEntry, { kind: 'event' }>;

/** "坐席 刘敏", "群众 王先生", "系统", "智能助手" (the system acting under a name). */
export function actorText(actor: EventEntry['actor']): string {
  if (actor.type === 'system') return actor.name ?? '系统';
  return actor.name ? `${ACTOR_TYPE_LABELS[actor.type]} ${actor.name}` : ACTOR_TYPE_LABELS[actor.type];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const seatText = (name: unknown, jobNumber: unknown): string => {
  const n = text(name);
  const j = text(jobNumber);
  return n && j ? `${n}（${j}）` : (n ?? j ?? '坐席');
};

/** What the step did, in a sentence. The note (if any) is returned apart, to show as a quote. */
export function describeTicketEvent(entry: EventEntry): { text: string; note: string | null } {
  const d = entry.data;
  const note = text(d.note);
  const who = entry.actor.name ?? '';
  switch (entry.type) {
    case 'assistant_started': {
      const kind = ASSISTANT_KIND_LABELS[d.assistant as string];
      return { text: `智能助手${kind ? `（${kind}）` : ''}先行接待群众`, note };
    }
    case 'assistant_handoff': {
      const reason = HANDOFF_REASON_LABELS[d.reason as string] ?? '转人工';
      const turns = typeof d.turns === 'number' ? `，此前问答 ${d.turns} 轮` : '';
      const matter = text(d.matterName) ? `，事项「${text(d.matterName)}」` : '';
      return { text: `智能助手转人工：${reason}${turns}${matter}`, note };
    }
    case 'message_left':
      // The citizen's words go as the quote.
      return { text: `群众${who ? ` ${who} ` : ''}在无坐席值班时留言`, note: text(d.message) };
    case 'created': {
      const channel = CHANNEL_LABELS[d.channel as Channel] ?? '咨询';
      const region = text(d.regionCode);
      return { text: `群众${who ? ` ${who} ` : ''}发起${channel}${region ? `（${regionName(region)}）` : ''}`, note };
    }
    case 'queued': {
      const parts = [`进入「${text(d.category) ?? '综合咨询'}」队列`];
      if (text(d.requestedSeatId)) parts.push('指定坐席');
      if (text(d.appointmentId)) parts.push('预约优先');
      if (d.elder === true) parts.push('长辈版优先');
      if (text(d.overflowRegionCode)) parts.push(`久候可溢出至${regionName(d.overflowRegionCode as string)}`);
      return { text: parts.join('，'), note };
    }
    case 'offered':
      return {
        text: `分配给坐席 ${seatText(d.seatName, d.jobNumber)}${d.overflow === true ? '（溢出接待）' : ''}`,
        note,
      };
    case 'accepted':
      return { text: `坐席 ${who || '—'} 接入，开始服务`, note };
    case 'declined':
      return { text: `坐席 ${who || '—'} 拒接，重新排队`, note };
    case 'expired':
      return { text: '坐席未在时限内接听，重新排队', note };
    case 'returned_to_queue':
      return {
        text: d.reason === 'seat_disconnected' ? '坐席连接中断，退回队首优先转接' : '退回排队',
        note,
      };
    case 'wait_choice_offered':
      return { text: '指定坐席暂未接入，询问群众是否继续等待', note };
    case 'wait_choice':
      return { text: `群众选择：${WAIT_CHOICE_LABELS[d.choice as WaitChoice] ?? '—'}`, note };
    case 'transfer_requested':
      return { text: `转接给坐席 ${seatText(d.toSeatName, d.toJobNumber)}`, note };
    case 'transfer_accepted':
      return { text: `坐席 ${who || '—'} 接受${text(d.fromSeatName) ? ` ${text(d.fromSeatName)} 的` : ''}转接`, note };
    case 'transfer_declined':
      return { text: `坐席 ${seatText(d.toSeatName, null)} 拒绝转接`, note };
    case 'transfer_expired':
      return { text: `坐席 ${seatText(d.toSeatName, null)} 未在时限内接受转接`, note };
    case 'transferred_to_queue': {
      const region = text(d.regionName) ?? (text(d.regionCode) ? regionName(d.regionCode as string) : '');
      return { text: `转入${region}「${text(d.category) ?? '综合咨询'}」队列`, note };
    }
    case 'faq_answered':
      return { text: `自动答复常见问题${text(d.question) ? `「${text(d.question)}」` : ''}`, note };
    case 'ended':
      return { text: `${actorText(entry.actor)} 结束服务`, note };
    case 'abandoned':
      return { text: '群众在接通前离开', note };
    case 'evaluated': {
      const rating = typeof d.rating === 'number' ? `${d.rating} 星` : '';
      const label = SATISFACTION_LABEL_TEXT[d.label as SatisfactionLabel];
      const comment = text(d.comment);
      return { text: `群众评价：${[rating, label].filter(Boolean).join('，') || '—'}`, note: comment ?? note };
    }
    case 'call_leg':
      return { text: describeCallLeg(d), note };
    case 'after_hours_call':
      return { text: `群众${who ? ` ${who} ` : ''}在非工作时间致电热线，已听取留言提示，请上班后回电`, note };
    case 'ivr_path':
      return { text: `电话语音导航：${text(d.summary) ?? '直接转人工'}`, note };
    case 'recording': {
      const seconds = typeof d.durationSeconds === 'number' ? d.durationSeconds : null;
      return { text: `通话录音已保存${seconds === null ? '' : `（时长 ${formatDuration(seconds)}）`}`, note };
    }
    case 'note':
      return { text: `${actorText(entry.actor)} 添加备注`, note };
    case 'escalated':
      return { text: `${actorText(entry.actor)} 将工单升级至班长`, note };
    case 'handed_back':
      return { text: `${actorText(entry.actor)} 将工单退回坐席`, note };
    case 'resolved':
      return { text: `${actorText(entry.actor)} 标记工单已解决`, note };
    case 'closed':
      return { text: `${actorText(entry.actor)} 关闭工单`, note };
    case 'reopened':
      return { text: `${actorText(entry.actor)} 重新打开工单，等待坐席回复`, note };
    case 'matter_set': {
      const name = text(d.name) ? `「${text(d.name)}」` : '';
      if (d.source === 'detected') return { text: `系统根据群众描述识别咨询事项${name}`, note };
      return { text: `${actorText(entry.actor)} 推送咨询事项${name}`, note };
    }
    case 'cobrowse_started':
      return { text: `群众${who ? ` ${who} ` : ''}同意同屏协助，共享「${text(d.formTitle) ?? '办事页面'}」`, note };
    case 'cobrowse_annotation':
      return { text: describeCobrowseMark(entry), note: d.kind === 'note' ? (text(d.text) ?? note) : note };
    case 'cobrowse_shared':
      if (d.kind === 'sample') {
        return {
          text: `${actorText(entry.actor)} 向群众共享填写示例${text(d.title) ? `「${text(d.title)}」` : ''}`,
          note,
        };
      }
      return {
        text: `${actorText(entry.actor)} 向群众共享办事指南${text(d.matterName) ? `「${text(d.matterName)}」` : ''}`,
        note,
      };
    case 'cobrowse_ended': {
      const by =
        d.endedBy === 'seat' || d.endedBy === 'citizen'
          ? `${actorText(entry.actor)} 结束同屏协助`
          : '服务结束，同屏协助随之结束';
      return { text: `${by}${cobrowseMarkCounts(d.annotations)}`, note };
    }
    case 'profile_revealed':
      return { text: `查看了群众的${text(d.label) ?? '敏感信息'}（已记入审计日志）`, note: null };
    default:
      // A step newer than this page: its label says what it was, the note why.
      return { text: `${actorText(entry.actor)} ${entry.label}`, note };
  }
}

/** One of the seat's marks on the shared page (`cobrowse_annotation`), by its kind. */
function describeCobrowseMark(entry: EventEntry): string {
  const d = entry.data;
  const who = actorText(entry.actor);
  switch (d.kind) {
    case 'guidance':
      return `${who} 建议「${text(d.fieldLabel) ?? '—'}」填写「${text(d.value) ?? ''}」`;
    case 'highlight':
      return `${who} 在共享页面上高亮提示`;
    case 'stroke':
      return `${who} 在共享页面上画笔标注${typeof d.points === 'number' ? `（${d.points} 个点）` : ''}`;
    case 'note':
      return `${who} 在共享页面上添加文字批注`;
    case 'laser':
      return `${who} 用激光笔指示`;
    case 'clear':
      return `${who} 清除了页面上的标注`;
    default:
      return `${who} 同屏标注`;
  }
}

/** "，期间：高亮 2 次、激光笔 37 次" from a session's counts by kind; nothing when none. */
function cobrowseMarkCounts(counts: unknown): string {
  if (!counts || typeof counts !== 'object') return '';
  const parts = Object.entries(counts as Record<string, unknown>)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([kind, n]) => `${COBROWSE_ANNOTATION_KIND_LABELS[kind as CobrowseAnnotationKind] ?? kind} ${n as number} 次`);
  return parts.length ? `，期间：${parts.join('、')}` : '';
}

/** 时分秒 of a moment within the day the ticket shows anyway. */
const clock = (v: unknown): string | null => (text(v) ? formatTime(v as string).slice(11) : null);

/** A `call_leg` step (CallLegView): whose leg, rung/answered/ended when, how long, and why it ended. */
function describeCallLeg(d: Record<string, unknown>): string {
  const who = `${d.role === 'seat' ? '坐席' : '群众'}${text(d.name) ? ` ${text(d.name)}` : ''}`;
  const times = [
    clock(d.startedAt) && `呼叫 ${clock(d.startedAt)}`,
    clock(d.answeredAt) ? `接通 ${clock(d.answeredAt)}` : '未接通',
    clock(d.endedAt) && `结束 ${clock(d.endedAt)}`,
  ].filter(Boolean);
  const seconds = typeof d.durationSeconds === 'number' ? d.durationSeconds : null;
  if (seconds !== null) times.push(`通话时长 ${formatDuration(seconds)}`);
  const cause = text(d.cause) ? (CALL_HANGUP_CAUSE_LABELS[d.cause as string] ?? (d.cause as string)) : null;
  return `${who} 通话：${times.join('，')}${cause ? `；${cause}` : ''}`;
}
