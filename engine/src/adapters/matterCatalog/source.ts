/**
 * What every matter catalog source gives the importer: batches of raw rows with where each was
 * (第3页第17条, 第12行), already turned into the `CatalogMatterInput` shape by the source's
 * mapping but not yet validated (the importer validates every row and reports the bad ones).
 */
import type { CatalogSource, RegionCode } from '@cloud-seat/contracts';

export interface SourceRow {
  /** Where the row was, in words an administrator can find it by. */
  at: string;
  /** The row in the CatalogMatterInput shape (unvalidated). */
  row: unknown;
}

export interface SourceBatch {
  /**
   * The region these rows belong to when the source reads region by region (the platform);
   * null when a batch may hold any region (a file, the seed).
   */
  scope: RegionCode | null;
  rows: SourceRow[];
  /** How many rows the scope holds in all, when the source says. */
  total: number | null;
  /** The scope's last batch: its rows can be applied. */
  last: boolean;
}

export interface MatterSource {
  readonly kind: CatalogSource;
  /** The file name or platform address, for the run's `origin`. */
  describe(): string;
  /**
   * Every row, batch by batch. Also `full`: the source lists every matter of each region it
   * reads, so a matter it no longer lists has been withdrawn (a full platform sync only).
   */
  readonly full: boolean;
  read(): AsyncIterable<SourceBatch>;
}

/**
 * A source that cannot go on: the message says what happened and what to do next, in Chinese,
 * for the run's `error` and the CLI.
 */
export class CatalogSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogSourceError';
  }
}

/** Rows already in memory (the demo seed, a parsed file): one batch of any regions. */
export class MemorySource implements MatterSource {
  readonly full = false;

  constructor(
    readonly kind: CatalogSource,
    private readonly origin: string,
    private readonly rows: readonly SourceRow[],
  ) {}

  describe(): string {
    return this.origin;
  }

  async *read(): AsyncIterable<SourceBatch> {
    yield { scope: null, rows: [...this.rows], total: this.rows.length, last: true };
  }
}
