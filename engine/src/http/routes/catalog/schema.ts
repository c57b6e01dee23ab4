/** Request schemas of the catalog sync and import routes (the sync body is contracts' catalogSyncRequestSchema). */
import { z } from 'zod';

export const runsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Catalog files are read whole in memory: at most this size. */
export const MAX_CATALOG_FILE_BYTES = 20 * 1024 * 1024;
