/** Matter catalog presenters. Pure. */
import type { CatalogSyncRunView } from '@cloud-seat/contracts';
import type { CatalogSyncRun } from '../models/index.js';

// ---- sync and import runs ----------------------------------------------------------------------

/** A catalog sync or import run; `startedBy` is the starter's display name (null: the CLI or the seed). */
export function presentCatalogSyncRun(run: CatalogSyncRun, startedBy: string | null = null): CatalogSyncRunView {
  return {
    id: run.id,
    source: run.source,
    origin: run.origin,
    status: run.status,
    startedBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    done: run.done,
    total: run.total,
    regions: run.regions,
    report: run.report,
    error: run.error,
  };
}
