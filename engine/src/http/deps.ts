import type { EmbeddedSwitch } from '../adapters/switch/embeddedSwitch.js';
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
  /** The embedded switch; null with SWITCH=off (the call routes answer 503). */
  calls: EmbeddedSwitch | null;
  health: () => Promise<Record<string, unknown>>;
}
