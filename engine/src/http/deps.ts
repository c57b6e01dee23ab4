import type { FreeswitchSwitch } from '../adapters/freeswitch/freeswitchSwitch.js';
import type { BlobStore } from '../adapters/storage/blobStore.js';
import type { SessionService } from '../auth/sessions.js';
import type { CallSwitch, CommandContext } from '../commands/context.js';
import type { Config } from '../config.js';

/** What the HTTP routes are given; each route calls one command or query with it. */
export interface HttpDeps {
  ctx: CommandContext;
  sessions: SessionService;
  config: Config;
  blobs: BlobStore;
  /** The switch (embedded or FreeSWITCH); null with SWITCH=off (the call routes answer 503). */
  calls: CallSwitch | null;
  /** The FreeSWITCH driver with SWITCH=freeswitch (its directory route); null otherwise. */
  freeswitch: FreeswitchSwitch | null;
  health: () => Promise<Record<string, unknown>>;
}
