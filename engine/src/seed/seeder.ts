/**
 * Seeds reference data (regions, default roles) always, and the demo data when asked. Idempotent:
 * existing rows are left as they are, so seeding never overwrites what an admin changed (except that
 * the administrator role gains permissions a newer release adds).
 */
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { REGIONS } from '@cloud-seat/contracts';
import { importCatalog, type CatalogContext } from '../commands/catalogImporter.js';
import { DEFAULT_ROLES } from '../domain/auth/permissions.js';
import { Account, Faq, QuickReply, Region, Role, Seat, ShiftPattern } from '../models/index.js';
import { hashPassword } from '../security/password.js';
import { DEMO_ASSISTED_FILING, DEMO_SCENARIOS, demoCatalog } from './catalog/index.js';
import { DEMO_FAQS, DEMO_PASSWORD, DEMO_SHIFT, DEMO_TEAM_QUICK_REPLIES, demoPhotoUrl, demoSeats } from './demoData.js';

export async function seedReferenceData(): Promise<void> {
  for (const [sort, region] of REGIONS.entries()) {
    await Region.findOrCreate({ where: { code: region.code }, defaults: { ...region, sort } });
  }
  for (const role of DEFAULT_ROLES) {
    const [stored] = await Role.findOrCreate({ where: { code: role.code }, defaults: role });
    // The administrator holds every permission, including ones added by a newer release.
    if (role.code === 'admin' && role.permissions.some((p) => !stored.permissions.includes(p))) {
      await stored.update({ permissions: [...new Set([...stored.permissions, ...role.permissions])] });
    }
  }
}

export async function seedDemoData(ctx: CatalogContext): Promise<{ created: number }> {
  const { logger } = ctx;
  await seedDemoCatalog(ctx);
  if (await Account.findOne({ where: { username: 'admin' } })) {
    await seedDemoShifts();
    await seedDemoPhrases();
    return { created: 0 };
  }
  const started = Date.now();
  const staff = [
    { username: 'admin', displayName: '系统管理员', roleCode: 'admin', regionCode: '150600' },
    { username: 'supervisor', displayName: '值班班长', roleCode: 'supervisor', regionCode: '150600' },
  ];
  const seats = demoSeats();
  const hashes = await Promise.all([...staff, ...seats].map(() => hashPassword(DEMO_PASSWORD)));
  let i = 0;
  for (const s of staff) {
    await Account.create({ id: randomUUID(), passwordHash: hashes[i++]!, ...s });
  }
  for (const [n, s] of seats.entries()) {
    const account = await Account.create({
      id: randomUUID(),
      username: s.username,
      passwordHash: hashes[i++]!,
      displayName: s.name,
      roleCode: 'seat',
      regionCode: s.regionCode,
    });
    const seat = await Seat.create({
      id: randomUUID(),
      accountId: account.id,
      regionCode: s.regionCode,
      jobNumber: s.jobNumber,
      name: s.name,
      photoUrl: demoPhotoUrl(n),
      category: s.category,
      skills: s.skills,
    });
    await ShiftPattern.bulkCreate(demoShiftRows(seat));
  }
  await seedDemoPhrases();
  logger.info({ accounts: staff.length + seats.length, ms: Date.now() - started }, 'demo data seeded');
  return { created: staff.length + seats.length };
}

/**
 * The demo matter catalog (seed/catalog), once, through the same importer as a platform sync or a
 * file import (a run of source 'seed' in the sync history), with its scenario order and
 * 可云坐席辅助申报 list. The six bare matters an older release seeded are withdrawn (kept on
 * their tickets).
 */
async function seedDemoCatalog(ctx: CatalogContext): Promise<void> {
  const [row] = await ctx.sequelize.query<{ seeded: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM catalog_sync_runs WHERE source = 'seed' AND status = 'succeeded') AS seeded",
    { type: QueryTypes.SELECT },
  );
  if (row?.seeded) return;
  const run = await importCatalog(ctx, { source: 'seed', origin: '演示事项目录', rows: demoCatalog() });
  if (run.status !== 'succeeded') throw new Error(`demo catalog not seeded: ${run.error ?? 'see the sync run'}`);
  await ctx.sequelize.transaction(async () => {
    await ctx.sequelize.query(
      `UPDATE matters SET withdrawn_at = now() WHERE implementing_body = '' AND withdrawn_at IS NULL
         AND code LIKE '11150600MB1528264U10%'`,
    );
    await ctx.sequelize.query('DELETE FROM scenario_matters');
    for (const [theme, codes] of Object.entries(DEMO_SCENARIOS)) {
      await ctx.sequelize.query(
        `INSERT INTO scenario_matters (theme_code, basic_code, position)
         SELECT :theme, code, ord::int FROM unnest(ARRAY[:codes]::text[]) WITH ORDINALITY AS t(code, ord)`,
        { replacements: { theme, codes } },
      );
    }
    await ctx.sequelize.query(
      `INSERT INTO assisted_filing_matters (basic_code) SELECT unnest(ARRAY[:codes]::text[]) ON CONFLICT DO NOTHING`,
      { replacements: { codes: DEMO_ASSISTED_FILING } },
    );
    await ctx.sequelize.query('UPDATE regions SET catalog_version = catalog_version + 1');
  });
  ctx.logger.info(
    { matters: run.report.added, ms: run.finishedAt!.getTime() - run.startedAt.getTime() },
    'demo catalog seeded',
  );
}

function demoShiftRows(seat: Pick<Seat, 'id' | 'regionCode'>) {
  return DEMO_SHIFT.weekdays.map((weekday) => ({
    id: randomUUID(),
    seatId: seat.id,
    regionCode: seat.regionCode,
    weekday,
    startTime: DEMO_SHIFT.startTime,
    endTime: DEMO_SHIFT.endTime,
  }));
}

/** Demo data seeded by an older release has no shifts: give the demo seats theirs (once). */
async function seedDemoShifts(): Promise<void> {
  const seats = await Seat.sequelize!.query<{ id: string; regionCode: string }>(
    `SELECT s.id, s.region_code AS "regionCode" FROM seats s JOIN accounts a ON a.id = s.account_id
      WHERE a.username IN (:usernames) AND NOT EXISTS (SELECT 1 FROM shift_patterns p WHERE p.seat_id = s.id)`,
    { type: QueryTypes.SELECT, replacements: { usernames: demoSeats().map((s) => s.username) } },
  );
  for (const seat of seats) await ShiftPattern.bulkCreate(demoShiftRows(seat));
}

/** Demo 常见问题 and team 快捷回复 for every region, once (also on data seeded by an older release). */
async function seedDemoPhrases(): Promise<void> {
  if ((await Faq.count()) === 0) {
    await Faq.bulkCreate(
      REGIONS.flatMap((region) =>
        DEMO_FAQS.map((f, sort) => ({
          id: randomUUID(),
          regionCode: region.code,
          matterId: null,
          category: null,
          sort,
          ...f,
        })),
      ),
    );
  }
  if ((await QuickReply.count({ where: { scope: 'team' } })) === 0) {
    await QuickReply.bulkCreate(
      REGIONS.flatMap((region) =>
        DEMO_TEAM_QUICK_REPLIES.map(({ text, ...p }) => ({
          id: randomUUID(),
          scope: 'team' as const,
          seatId: null,
          regionCode: region.code,
          body: text,
          createdBy: null,
          ...p,
        })),
      ),
    );
  }
}
