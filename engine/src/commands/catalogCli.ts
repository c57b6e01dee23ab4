/**
 * `npm run catalog:sync -w engine [-- --incremental | --file path]` (node dist/commands/catalogCli.js):
 * runs one catalog sync from the configured platform (CATALOG_PLATFORM_URL…) or imports a JSON or
 * XLSX file, against DATABASE_URL, printing progress by region and the report. Exit code 0 when
 * the run succeeded, 1 when it failed or could not start, 2 for wrong arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REGIONS } from '@cloud-seat/contracts';
import { openDatabase } from '../adapters/db/database.js';
import { loadFieldMapping } from '../adapters/matterCatalog/fieldMapping.js';
import { CatalogFileError, fileSource } from '../adapters/matterCatalog/fileSource.js';
import type { MatterSource } from '../adapters/matterCatalog/source.js';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { initModels } from '../models/index.js';
import { platformSource, runCatalog, type RunProgress } from './catalogImporter.js';

const USAGE = `用法：npm run catalog:sync -w engine -- [--incremental] [--file 文件.xlsx|文件.json]
  （无参数）     从 CATALOG_PLATFORM_URL 全量同步
  --incremental  只同步上次成功同步以来平台更新的事项
  --file PATH    导入 JSON 或 XLSX 文件（格式见 docs/catalog.md）`;

const REGION_NAMES = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]));

function parseCli() {
  try {
    return parseArgs({
      options: {
        file: { type: 'string' },
        incremental: { type: 'boolean', default: false },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parseCli();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const config = loadConfig();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'catalog');
const mapping = loadFieldMapping(config.catalog.fieldMapFile);

const db = await openDatabase(config.database, logger);
initModels(db.sequelize);
const ctx = { sequelize: db.sequelize, logger, now: () => new Date() };
let exitCode = 1;
try {
  let source: MatterSource;
  if (args.file) {
    source = fileSource(path.basename(args.file), fs.readFileSync(args.file), mapping);
  } else {
    const { platformUrl, platformToken, pageSize } = config.catalog;
    if (!platformUrl) throw new Error('尚未配置 CATALOG_PLATFORM_URL：请设置事项库平台地址，或用 --file 导入文件');
    source = await platformSource(ctx, { url: platformUrl, token: platformToken, pageSize, mapping }, args.incremental);
  }
  console.log(`开始${source.kind === 'file' ? '导入' : '同步'}：${source.describe()}`);
  const printed = new Map<string, number>();
  const started = Date.now();
  const run = await runCatalog(ctx, source, {
    incremental: !source.full && source.kind === 'platform',
    onProgress: (progress: RunProgress) => {
      for (const r of progress.regions) {
        if (printed.get(r.regionCode) === r.done) continue;
        printed.set(r.regionCode, r.done);
        console.log(
          `${REGION_NAMES.get(r.regionCode) ?? r.regionCode} ${r.done}/${r.total}（共 ${progress.done}/${progress.total}）`,
        );
      }
    },
  });
  const { report } = run;
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${run.status === 'succeeded' ? '完成' : '失败'}（${seconds.toFixed(1)} 秒，${run.done} 行）：新增 ${report.added}，变更 ${report.changed}，未变 ${report.unchanged}，撤销 ${report.withdrawn}，拒绝 ${report.rejected.length}`,
  );
  for (const row of report.rejected.slice(0, 50)) {
    console.log(`  拒绝 ${row.at} ${row.implCode ?? ''} ${row.name ?? ''}：${row.reason}`);
  }
  if (report.rejected.length > 50)
    console.log(`  …其余 ${report.rejected.length - 50} 条见管理后台的同步记录 ${run.id}`);
  if (run.error) console.error(run.error);
  exitCode = run.status === 'succeeded' ? 0 : 1;
} catch (err) {
  if (isAppError(err)) console.error(err.userMessage);
  else if (err instanceof CatalogFileError || err instanceof Error) console.error(err.message);
  else console.error(err);
} finally {
  await db.close();
}
process.exit(exitCode);
