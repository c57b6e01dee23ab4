import type { BlobStore } from '../adapters/storage/blobStore.js';
import type { SessionService } from '../auth/sessions.js';
import type { CommandContext } from '../commands/context.js';
import type { Config } from '../config.js';

/** What the HTTP routes are given; each route calls one command or query with it. */
export interface HttpDeps {
  ctx: CommandContext;
  sessions: SessionService;
  config: Config;
  blobs: BlobStore;
  health: () => Promise<Record<string, unknown>>;
}
