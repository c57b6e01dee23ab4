/**
 * Where a contact enters the queue: its business category (the matter's, the chosen seat's team,
 * or 综合咨询) and its rank and overflow (domain/acd/queues.ts), with the queue's stored settings.
 * Used when a contact is started and when the assistant hands one to a seat.
 */
import { contactCategory, placeContact, type Placement } from '../domain/acd/queues.js';
import { categoriesServedIn, queueSettingsLookup } from '../models/queueSettings.js';
import type { CommandContext } from './context.js';

export async function queuePlacement(
  ctx: CommandContext,
  contact: {
    regionCode: string;
    matterCategory: string | null;
    requestedSeat: { category: string } | null;
    appointment: boolean;
    elder: boolean;
    now: Date;
  },
): Promise<Placement & { category: string }> {
  const category = contactCategory(
    { matterCategory: contact.matterCategory, requestedSeatCategory: contact.requestedSeat?.category },
    await categoriesServedIn(contact.regionCode),
  );
  const settings = (
    await queueSettingsLookup([{ regionCode: contact.regionCode, category }], ctx.settings.overflowAfterSeconds)
  )(contact.regionCode, category);
  const placement = placeContact(
    { regionCode: contact.regionCode, enqueuedAt: contact.now, appointment: contact.appointment, elder: contact.elder },
    // A citizen waiting for the seat they chose is not handed to another region's seats.
    contact.requestedSeat ? { ...settings, overflowAfterSeconds: null } : settings,
  );
  return { category, ...placement };
}
