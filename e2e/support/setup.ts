/**
 * The setup every browser test file shares: the system under test and one Chromium page per
 * role, opened before the file's tests and closed after them.
 *
 *   const env = systemWithPages({ seat: DESKTOP, citizen: PHONE });
 *   it('…', async () => { await env.seat.page.goto(`${env.system.baseUrl}/agent/`); });
 */
import { afterAll, beforeAll } from 'vitest';
import { openPage, type OpenedPage } from './browser.js';
import { startSystem, type SystemUnderTest } from './system.js';

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

type Viewport = { readonly width: number; readonly height: number };
export type SystemWithPages<R extends string> = { system: SystemUnderTest } & Record<R, OpenedPage>;

/** Its fields are set in beforeAll; read them inside hooks and tests only. */
export function systemWithPages<R extends string>(
  viewports: Record<R, Viewport> & { system?: never },
  options: { now?: () => Date; assistant?: boolean; prepare?: (env: SystemWithPages<R>) => Promise<void> } = {},
): SystemWithPages<R> {
  const env = {} as SystemWithPages<R>;
  const roles = Object.keys(viewports) as R[];
  beforeAll(async () => {
    env.system = await startSystem({ now: options.now, assistant: options.assistant });
    const pages = await Promise.all(roles.map((role) => openPage(viewports[role])));
    roles.forEach((role, i) => Object.assign(env, { [role]: pages[i] }));
    await options.prepare?.(env);
  });
  afterAll(async () => {
    await Promise.all(roles.map((role) => (env[role] as OpenedPage | undefined)?.close()));
    await env.system?.stop();
  });
  return env;
}
