/**
 * Curating the catalog (SPEC 6): the order of matters in a life-event scenario and the list of
 * matters a seat can help file online (可云坐席辅助申报). Both apply to every region (by 基本编码)
 * and each change is recorded with who made it.
 */
import { THEMES, type CatalogEntryView, type ThemeCode } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { findCatalogEntries, scenarioBasicCodes } from '../models/catalogEntries.js';
import { MatterCatalog } from '../models/matterCatalog.js';
import { inTransaction, type CommandContext } from './context.js';

const THEME_NAMES = new Map<string, string>(THEMES.map((t) => [t.code, t.name]));

export async function setScenarioMatters(
  ctx: CommandContext,
  principal: StaffPrincipal,
  themeCode: ThemeCode,
  basicCodes: readonly string[],
): Promise<CatalogEntryView[]> {
  const unique = [...new Set(basicCodes)];
  if (unique.length !== basicCodes.length) throw errors.validation({ basicCodes }, '同一事项不能在场景中出现两次');
  await inTransaction(ctx, async () => {
    await ctx.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', {
      replacements: { key: `scenario:${themeCode}` },
    });
    const known = await findCatalogEntries(ctx.sequelize, { basicCodes: unique });
    const missing = unique.filter((code) => !known.some((e) => e.basicCode === code));
    if (missing.length) throw errors.validation({ missing }, `以下基本编码不在事项目录中：${missing.join('、')}`);
    const before = await scenarioBasicCodes(ctx.sequelize, themeCode);
    await ctx.sequelize.query('DELETE FROM scenario_matters WHERE theme_code = :themeCode', {
      replacements: { themeCode },
    });
    if (unique.length) {
      await ctx.sequelize.query(
        `INSERT INTO scenario_matters (theme_code, basic_code, position)
         SELECT :themeCode, code, ord::int FROM unnest(ARRAY[:codes]::text[]) WITH ORDINALITY AS t(code, ord)`,
        { replacements: { themeCode, codes: unique } },
      );
    }
    // the lists' themes and the theme filter of search follow the scenarios
    await MatterCatalog.bumpVersions(ctx.sequelize);
    const names = new Map(known.map((e) => [e.basicCode, e.name]));
    const added = unique.filter((c) => !before.includes(c)).map((c) => names.get(c) ?? c);
    const removed = before.filter((c) => !unique.includes(c));
    const parts = [
      added.length ? `加入 ${added.join('、')}` : '',
      removed.length ? `移出 ${removed.length} 项` : '',
      !added.length && !removed.length ? '调整顺序' : '',
    ].filter(Boolean);
    await recordChange(ctx, principal, 'scenario_order', themeCode, {
      text: `场景「${THEME_NAMES.get(themeCode) ?? themeCode}」${parts.join('，')}（共 ${unique.length} 项）`,
      before,
      after: unique,
    });
  });
  return orderBy(await findCatalogEntries(ctx.sequelize, { basicCodes: unique }), unique);
}

export async function setAssistedFiling(
  ctx: CommandContext,
  principal: StaffPrincipal,
  basicCode: string,
  assisted: boolean,
): Promise<CatalogEntryView> {
  await inTransaction(ctx, async () => {
    const [entry] = await findCatalogEntries(ctx.sequelize, { basicCodes: [basicCode] });
    if (!entry) throw errors.notFound('事项');
    if (entry.assistedFiling === assisted) return;
    await ctx.sequelize.query(
      assisted
        ? 'INSERT INTO assisted_filing_matters (basic_code) VALUES (:basicCode) ON CONFLICT DO NOTHING'
        : 'DELETE FROM assisted_filing_matters WHERE basic_code = :basicCode',
      { replacements: { basicCode }, type: assisted ? QueryTypes.INSERT : QueryTypes.DELETE },
    );
    // every region's list shows the badge
    await MatterCatalog.bumpVersions(ctx.sequelize);
    await recordChange(ctx, principal, assisted ? 'assisted_on' : 'assisted_off', basicCode, {
      text: `${assisted ? '设为' : '取消'}可云坐席辅助申报：${entry.name}（${basicCode}）`,
    });
  });
  const [entry] = await findCatalogEntries(ctx.sequelize, { basicCodes: [basicCode] });
  return entry!;
}

async function recordChange(
  ctx: CommandContext,
  principal: StaffPrincipal,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await ctx.sequelize.query(
    `INSERT INTO catalog_changes (at, account_id, actor_name, action, subject, detail)
     VALUES (:at, :accountId, :actorName, :action, :subject, :detail::jsonb)`,
    {
      replacements: {
        at: ctx.now(),
        accountId: principal.accountId,
        actorName: principal.displayName,
        action,
        subject,
        detail: JSON.stringify(detail),
      },
    },
  );
}

function orderBy(entries: CatalogEntryView[], codes: readonly string[]): CatalogEntryView[] {
  const position = new Map(codes.map((c, i) => [c, i]));
  return [...entries].sort((a, b) => (position.get(a.basicCode) ?? 0) - (position.get(b.basicCode) ?? 0));
}
