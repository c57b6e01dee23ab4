/**
 * Debian's Chromium driven by playwright-core: a fresh profile per page owner, the flags this
 * machine needs, and screenshots kept under e2e/.artifacts for people to look at.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.artifacts');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openPage(
  viewport: { width: number; height: number },
  options: {
    media?: boolean;
    /**
     * Let this origin open `tel:` links without Chromium's "open the external app?" prompt: in
     * headless mode nobody answers it, and the tab then drops every later tap.
     */
    callsFrom?: string;
  } = {},
): Promise<OpenedPage> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-chromium-'));
  if (options.callsFrom) {
    const allowed = { [new URL(options.callsFrom).origin]: { tel: true } };
    await fs.mkdir(path.join(dir, 'Default'));
    await fs.writeFile(
      path.join(dir, 'Default', 'Preferences'),
      JSON.stringify({ protocol_handler: { allowed_origin_protocol_pairs: allowed } }),
    );
  }
  const args = [
    ...FLAGS,
    ...(options.media
      ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection']
      : []),
  ];
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport,
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    context,
    async close() {
      await context.close();
      await fs.rm(dir, { recursive: true, force: true });
      if (errors.length) console.warn(`page errors: ${errors.join(' | ')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
