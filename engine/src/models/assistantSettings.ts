/**
 * 智能助手 settings per region (assistant_settings; a region without a row gets the defaults) and
 * whether a region has seats on duty now — a weekly shift covers now, or one of its seats is
 * signed in — which decides between a handoff to the queue and the after-hours offer.
 */
import { DEFAULT_ASSISTANT_SETTINGS, type AssistantSettingsRequest, type RegionCode } from '@cloud-seat/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';
import { beijingDate } from '../domain/schedule/beijingTime.js';
import { regionShifts } from './appointmentSlots.js';

export interface StoredAssistantSettings extends AssistantSettingsRequest {
  regionCode: string;
  updatedAt: Date | null;
  updatedBy: string | null;
}

interface Row {
  region_code: string;
  enabled: boolean;
  from_time: string;
  to_time: string;
  updated_at: Date;
  updated_by: string | null;
}

function fromRow(regionCode: string, row: Row | undefined): StoredAssistantSettings {
  return row
    ? {
        regionCode,
        enabled: row.enabled,
        from: row.from_time,
        to: row.to_time,
        updatedAt: new Date(row.updated_at),
        updatedBy: row.updated_by,
      }
    : { regionCode, ...DEFAULT_ASSISTANT_SETTINGS, updatedAt: null, updatedBy: null };
}

export async function assistantSettingsOf(sequelize: Sequelize, regionCode: string): Promise<StoredAssistantSettings> {
  const rows = await sequelize.query<Row>('SELECT * FROM assistant_settings WHERE region_code = :regionCode', {
    type: QueryTypes.SELECT,
    replacements: { regionCode },
  });
  return fromRow(regionCode, rows[0]);
}

export async function allAssistantSettings(
  sequelize: Sequelize,
  regionCodes: readonly string[],
): Promise<StoredAssistantSettings[]> {
  const rows = await sequelize.query<Row>('SELECT * FROM assistant_settings', { type: QueryTypes.SELECT });
  const byRegion = new Map(rows.map((r) => [r.region_code, r]));
  return regionCodes.map((code) => fromRow(code, byRegion.get(code)));
}

export async function saveAssistantSettings(
  sequelize: Sequelize,
  regionCode: string,
  settings: AssistantSettingsRequest,
  updatedBy: string,
): Promise<void> {
  await sequelize.query(
    `INSERT INTO assistant_settings (region_code, enabled, from_time, to_time, updated_by, updated_at)
     VALUES (:regionCode, :enabled, :from, :to, :updatedBy, now())
     ON CONFLICT (region_code) DO UPDATE SET enabled = EXCLUDED.enabled, from_time = EXCLUDED.from_time,
       to_time = EXCLUDED.to_time, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    { replacements: { regionCode, ...settings, updatedBy } },
  );
}

/**
 * Whether a seat of the region (or of any of the regions) is on duty at `now`: a weekly shift
 * covers it, or a seat is signed in.
 */
export async function seatsOnDuty(
  sequelize: Sequelize,
  regions: RegionCode | readonly RegionCode[],
  now: Date,
): Promise<boolean> {
  const regionCodes = typeof regions === 'string' ? [regions] : [...regions];
  if (regionCodes.length === 0) return false;
  const [signedIn] = await sequelize.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM seats WHERE region_code IN (:regionCodes) AND state <> 'offline'`,
    { type: QueryTypes.SELECT, replacements: { regionCodes } },
  );
  if ((signedIn?.n ?? 0) > 0) return true;
  const today = beijingDate(now);
  const t = now.getTime();
  for (const regionCode of regionCodes) {
    const shifts = await regionShifts(regionCode, today, today);
    if (shifts.some((shift) => shift.start.getTime() <= t && t < shift.end.getTime())) return true;
  }
  return false;
}
