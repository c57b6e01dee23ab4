/**
 * A region's appointment slots: weekly shift patterns expanded to dates, cut into slots whose
 * capacity is the seats on duty, less the appointments already holding them.
 */
import type { RegionCode } from '@cloud-seat/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';
import { addDays, beijingMidnight } from '../domain/schedule/beijingTime.js';
import { openSlots, type OpenSlot } from '../domain/schedule/booking.js';
import { expandWeeklyShifts, type Shift } from '../domain/schedule/shifts.js';
import { buildSlots, type Slot } from '../domain/schedule/slots.js';
import { ShiftPattern } from './appointment.js';

/** The region's seat shifts on the Beijing dates fromDate..toDate (inclusive), from its weekly patterns. */
export async function regionShifts(regionCode: RegionCode, fromDate: string, toDate: string): Promise<Shift[]> {
  const patterns = await ShiftPattern.findAll({ where: { regionCode } });
  return expandWeeklyShifts(
    patterns.map((p) => ({
      seatId: p.seatId,
      regionCode,
      weekday: p.weekday,
      startTime: p.startTime,
      endTime: p.endTime,
    })),
    fromDate,
    toDate,
  );
}

/** Every slot of the Beijing dates fromDate..toDate (inclusive), booked or not. */
export async function regionSlots(
  regionCode: RegionCode,
  fromDate: string,
  toDate: string,
  slotMinutes: number,
): Promise<Slot[]> {
  const shifts = await regionShifts(regionCode, fromDate, toDate);
  return buildSlots(shifts, {
    regionCode,
    from: beijingMidnight(fromDate),
    to: beijingMidnight(addDays(toDate, 1)),
    slotMinutes,
  });
}

/** Active appointments per slot start (epoch ms) in [from, to). */
export async function bookedPerSlot(
  sequelize: Sequelize,
  regionCode: string,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const rows = await sequelize.query<{ slot_start: Date; booked: number }>(
    `SELECT slot_start, count(*)::int AS booked FROM appointments
      WHERE region_code = :regionCode AND status IN ('booked','reminded') AND slot_start >= :from AND slot_start < :to
      GROUP BY slot_start`,
    { type: QueryTypes.SELECT, replacements: { regionCode, from, to } },
  );
  return new Map(rows.map((r) => [new Date(r.slot_start).getTime(), r.booked]));
}

/** The slots a citizen may book now on those dates, with the places left. */
export async function openRegionSlots(
  sequelize: Sequelize,
  regionCode: RegionCode,
  fromDate: string,
  days: number,
  slotMinutes: number,
  now: Date,
): Promise<OpenSlot[]> {
  const toDate = addDays(fromDate, days - 1);
  const slots = await regionSlots(regionCode, fromDate, toDate, slotMinutes);
  const booked = await bookedPerSlot(
    sequelize,
    regionCode,
    beijingMidnight(fromDate),
    beijingMidnight(addDays(toDate, 1)),
  );
  return openSlots(slots, (slot) => booked.get(slot.start.getTime()) ?? 0, now);
}
