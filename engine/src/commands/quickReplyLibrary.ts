/**
 * 快捷回复 library: which phrases a seat sees, the values its variables take in one
 * conversation, and saving a phrase (its text validated, its shortcut unique in its library).
 */
import { randomUUID } from 'node:crypto';
import { GENERAL_CATEGORY, REGIONS, type ConversationView } from '@cloud-seat/contracts';
import { Op, UniqueConstraintError } from 'sequelize';
import { phraseTextProblem, type VariableValues } from '../domain/conversations/quickReplies.js';
import { errors } from '../errors.js';
import { QuickReply, type Seat } from '../models/index.js';

/** The seat's own phrases and its team's: its region and category, and the region's 综合咨询 team. */
export function phrasesOfSeat(seat: Pick<Seat, 'id' | 'regionCode' | 'category'>): Promise<QuickReply[]> {
  return QuickReply.findAll({
    where: {
      [Op.or]: [
        { scope: 'personal', seatId: seat.id },
        { scope: 'team', regionCode: seat.regionCode, category: [...new Set([seat.category, GENERAL_CATEGORY])] },
      ],
    },
  });
}

/** What each variable becomes when this seat answers in this conversation. */
export function variableValues(conversation: ConversationView, seat: Pick<Seat, 'name' | 'jobNumber'>): VariableValues {
  return {
    市民姓名: conversation.citizen.displayName,
    坐席姓名: seat.name,
    工号: seat.jobNumber,
    事项: conversation.matter?.name ?? null,
    工单号: conversation.ticket.number,
    区域: REGIONS.find((r) => r.code === conversation.regionCode)?.name ?? null,
  };
}

export interface PhraseFields {
  shortcut: string;
  title: string;
  text: string;
}

/** Creates or updates a phrase; 400 with the reason for an unknown variable, 409 for a taken shortcut. */
export async function savePhrase(
  existing: QuickReply | null,
  fields: PhraseFields,
  owner: { scope: 'personal'; seatId: string } | { scope: 'team'; regionCode: string; category: string },
  accountId: string,
): Promise<QuickReply> {
  const problem = phraseTextProblem(fields.text);
  if (problem) throw errors.validation([{ path: 'text', message: problem }], problem);
  const values = {
    shortcut: fields.shortcut,
    title: fields.title,
    body: fields.text,
    seatId: owner.scope === 'personal' ? owner.seatId : null,
    regionCode: owner.scope === 'team' ? owner.regionCode : null,
    category: owner.scope === 'team' ? owner.category : null,
  };
  try {
    if (existing) return await existing.update(values);
    return await QuickReply.create({ id: randomUUID(), scope: owner.scope, createdBy: accountId, ...values });
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw errors.conflict(`快捷短语“/${fields.shortcut}”已存在，请换一个`);
    throw err;
  }
}
