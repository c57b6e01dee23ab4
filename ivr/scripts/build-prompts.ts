/**
 * `npm run prompts -w ivr`: the hotline's voice prompts as audio, synthesized for the project
 * with espeak-ng Mandarin, into ivr/prompts/ (generated, not committed):
 *
 *   <id>.wav        espeak-ng output (22.05 kHz 16-bit mono PCM)
 *   <id>.pcma.wav   8 kHz G.711 A-law, for the phone (when ffmpeg is installed)
 *   <id>.opus       48 kHz Opus, for WebRTC (when ffmpeg is installed)
 *   manifest.json   id, text, files, duration and the sha of what was synthesized
 *
 * A prompt is synthesized again only when its text (as spoken, with the voice and speed)
 * changed or one of its files is missing; files of prompts gone from the catalog are removed.
 * espeak-ng ends every clip with ~0.43 s of silence: kept after a sentence (。！？), the pause
 * between prompts played in a row; cut to 50 ms after a fragment (数字 clips, 您前面还有), so
 * 您前面还有 + 十五 + 位 runs on as one phrase.
 *
 *   npm run prompts -w ivr                 # only what changed
 *   npm run prompts -w ivr -- --force      # everything
 *   npm run prompts -w ivr -- --out DIR --no-ffmpeg
 *
 * The voice is `cmn-latn-pinyin`, not `cmn`: espeak-ng 1.51 (Debian 12) turns characters into
 * pinyin and then reads `cmn`'s pinyin as English ("hao2" → "hao two", espeak-ng issue #1236).
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HOTLINE_PROMPTS, spokenForm, type PromptCatalog } from '../src/voice/index.js';

const run = promisify(execFile);

export const VOICE = 'cmn-latn-pinyin';
/** Words per minute (espeak-ng's default is 175; slower for elderly callers). */
export const SPEED = 140;
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../prompts/', import.meta.url));
const MANIFEST = 'manifest.json';
/** Part of every prompt's sha: bump it when the processing below changes. */
const PROCESSING = 'trim-fragments-50ms';
const FRAGMENT_TAIL_MS = 50;
/** Samples quieter than this (of 32767) count as silence. */
const SILENCE_LEVEL = 300;

export interface PromptFiles {
  wav: string;
  pcma?: string;
  opus?: string;
}

export interface ManifestEntry {
  id: string;
  /** The Chinese text of the prompt (what the catalog holds). */
  text: string;
  /** What was synthesized: the text with pinyin for the words espeak-ng misreads. */
  spoken: string;
  /** sha256 of voice, speed and `spoken`: a change re-synthesizes the prompt. */
  sha: string;
  durationMs: number;
  /** File names inside the output folder. */
  files: PromptFiles;
}

export interface PromptManifest {
  voice: string;
  speed: number;
  count: number;
  totalDurationMs: number;
  prompts: ManifestEntry[];
}

export interface BuildOptions {
  catalog?: PromptCatalog;
  outDir?: string;
  /** Also write PCMA and Opus: `auto` (default) when ffmpeg is found. */
  ffmpeg?: boolean | 'auto';
  /** Synthesize every prompt even when unchanged. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface BuildReport {
  outDir: string;
  manifest: PromptManifest;
  synthesized: string[];
  unchanged: string[];
  removed: string[];
  ffmpeg: boolean;
}

/** A program the build needs is not installed. */
export class ToolMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolMissingError';
  }
}

export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
  durationMs: number;
}

/** The format and duration of a RIFF/WAVE file (PCM = format 1, A-law = format 6). */
export function readWavInfo(buf: Buffer): WavInfo {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let fmt: (Omit<WavInfo, 'dataBytes' | 'durationMs'> & { byteRate: number }) | null = null;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = {
        format: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        byteRate: buf.readUInt32LE(body + 8),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAVE data before its fmt chunk');
      const dataBytes = Math.min(size, buf.length - body);
      const { byteRate, ...info } = fmt;
      return { ...info, dataBytes, durationMs: Math.round((dataBytes / byteRate) * 1000) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAVE file without a data chunk');
}

/** Whether a prompt is a fragment played on into the next clip (no sentence end). */
export function isFragment(text: string): boolean {
  return !/[。！？.!?]$/.test(text.trim());
}

/**
 * A 16-bit PCM WAV with its trailing silence cut to `keepMs` (the canonical 44-byte header,
 * as espeak-ng writes it, is rewritten with the new sizes).
 */
export function trimTrailingSilence(buf: Buffer, keepMs: number): Buffer {
  const info = readWavInfo(buf);
  if (info.format !== 1 || info.bitsPerSample !== 16) return buf;
  const dataStart = buf.indexOf('data', 12, 'ascii') + 8;
  const frame = 2 * info.channels;
  let end = dataStart + info.dataBytes - frame;
  while (end >= dataStart) {
    let loud = false;
    for (let c = 0; c < info.channels; c++) if (Math.abs(buf.readInt16LE(end + 2 * c)) > SILENCE_LEVEL) loud = true;
    if (loud) break;
    end -= frame;
  }
  const keepBytes = Math.round((info.sampleRate * keepMs) / 1000) * frame;
  const dataBytes = Math.min(info.dataBytes, Math.max(0, end + frame - dataStart) + keepBytes);
  const out = Buffer.concat([buf.subarray(0, dataStart), buf.subarray(dataStart, dataStart + dataBytes)]);
  out.writeUInt32LE(out.length - 8, 4);
  out.writeUInt32LE(dataBytes, dataStart - 4);
  return out;
}

function has(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Fails with the install command when espeak-ng or its Mandarin voice is missing. */
export function checkEspeak(): void {
  const r = spawnSync('espeak-ng', ['--voices=cmn'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new ToolMissingError(
      'espeak-ng is not installed; the voice prompts are synthesized with it: apt-get install -y espeak-ng',
    );
  }
  if (!r.stdout.includes(VOICE)) {
    throw new ToolMissingError(
      `espeak-ng has no ${VOICE} voice (espeak-ng 1.51 or newer): apt-get install -y espeak-ng`,
    );
  }
}

export function hasFfmpeg(): boolean {
  return has('ffmpeg', ['-hide_banner', '-version']);
}

function shaOf(spoken: string): string {
  return createHash('sha256').update(`${VOICE}|${SPEED}|${PROCESSING}|${spoken}`).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function readManifest(outDir: string): Promise<Map<string, ManifestEntry>> {
  try {
    const m = JSON.parse(await fs.readFile(path.join(outDir, MANIFEST), 'utf8')) as PromptManifest;
    return new Map(m.prompts.map((p) => [p.id, p]));
  } catch {
    return new Map(); // none yet, or unreadable: everything is synthesized again
  }
}

async function synthesize(
  id: string,
  spoken: string,
  fragment: boolean,
  outDir: string,
  ffmpeg: boolean,
): Promise<ManifestEntry['files']> {
  const files: PromptFiles = { wav: `${id}.wav` };
  const textFile = path.join(outDir, `.${id}.txt`);
  const tmpWav = path.join(outDir, `.${id}.wav`);
  await fs.writeFile(textFile, spoken, 'utf8'); // from a file: no text is ever taken for an option
  try {
    await run('espeak-ng', ['-v', VOICE, '-s', String(SPEED), '-w', tmpWav, '-f', textFile]);
  } finally {
    await fs.rm(textFile, { force: true });
  }
  if (fragment) {
    await fs.writeFile(tmpWav, trimTrailingSilence(await fs.readFile(tmpWav), FRAGMENT_TAIL_MS));
  }
  await fs.rename(tmpWav, path.join(outDir, files.wav));
  if (ffmpeg) {
    const input = path.join(outDir, files.wav);
    const ff = ['-hide_banner', '-loglevel', 'error', '-y', '-i', input];
    files.pcma = `${id}.pcma.wav`;
    await run('ffmpeg', [...ff, '-ar', '8000', '-ac', '1', '-c:a', 'pcm_alaw', path.join(outDir, files.pcma)]);
    files.opus = `${id}.opus`;
    await run('ffmpeg', [
      ...ff,
      '-ar',
      '48000',
      '-ac',
      '1',
      '-c:a',
      'libopus',
      '-b:a',
      '32k',
      '-application',
      'voip',
      path.join(outDir, files.opus),
    ]);
  }
  return files;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Synthesizes the catalog's prompts into `outDir` and writes the manifest. */
export async function buildPrompts(options: BuildOptions = {}): Promise<BuildReport> {
  const catalog = options.catalog ?? HOTLINE_PROMPTS;
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const log = options.log ?? ((line: string) => console.log(line));
  checkEspeak();
  const ffmpeg = options.ffmpeg === 'auto' || options.ffmpeg === undefined ? hasFfmpeg() : options.ffmpeg;
  await fs.mkdir(outDir, { recursive: true });
  const previous = await readManifest(outDir);

  const ids = Object.keys(catalog);
  const entries: ManifestEntry[] = [];
  const synthesized: string[] = [];
  const unchanged: string[] = [];
  const width = String(ids.length).length;
  for (const [i, id] of ids.entries()) {
    const text = catalog[id]!;
    const spoken = spokenForm(text);
    const sha = shaOf(spoken);
    const old = previous.get(id);
    const wanted = ffmpeg ? [`${id}.wav`, `${id}.pcma.wav`, `${id}.opus`] : [`${id}.wav`];
    const fresh =
      !options.force &&
      old?.sha === sha &&
      (await Promise.all(wanted.map((f) => exists(path.join(outDir, f))))).every(Boolean);
    let entry: ManifestEntry;
    if (fresh && old) {
      entry = { ...old, text };
      unchanged.push(id);
    } else {
      const files = await synthesize(id, spoken, isFragment(text), outDir, ffmpeg);
      const { durationMs } = readWavInfo(await fs.readFile(path.join(outDir, files.wav)));
      entry = { id, text, spoken, sha, durationMs, files };
      synthesized.push(id);
    }
    entries.push(entry);
    const status = fresh ? 'unchanged' : 'synthesized';
    log(
      `[${String(i + 1).padStart(width)}/${ids.length}] ${id.padEnd(20)} ${seconds(entry.durationMs).padStart(7)}  ${status}`,
    );
  }

  const removed: string[] = [];
  for (const [id, old] of previous) {
    if (catalog[id] !== undefined) continue;
    for (const file of Object.values(old.files)) {
      await fs.rm(path.join(outDir, path.basename(file)), { force: true });
    }
    removed.push(id);
    log(`removed ${id} (no longer in the catalog)`);
  }

  const manifest: PromptManifest = {
    voice: VOICE,
    speed: SPEED,
    count: entries.length,
    totalDurationMs: entries.reduce((sum, e) => sum + e.durationMs, 0),
    prompts: entries,
  };
  await fs.writeFile(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  return { outDir, manifest, synthesized, unchanged, removed, ffmpeg };
}

async function main(argv: string[]): Promise<void> {
  const outAt = argv.indexOf('--out');
  const report = await buildPrompts({
    force: argv.includes('--force'),
    ffmpeg: argv.includes('--no-ffmpeg') ? false : 'auto',
    outDir: outAt >= 0 ? argv[outAt + 1] : undefined,
  });
  const { manifest } = report;
  const formats = report.ffmpeg
    ? 'WAV + 8 kHz PCMA + 48 kHz Opus'
    : 'WAV only (for 8 kHz PCMA and 48 kHz Opus: apt-get install -y ffmpeg)';
  console.log(
    `${manifest.count} prompts (${report.synthesized.length} synthesized, ${report.unchanged.length} unchanged` +
      `${report.removed.length > 0 ? `, ${report.removed.length} removed` : ''}), ` +
      `${seconds(manifest.totalDurationMs)} of audio, ${formats} → ${path.relative(process.cwd(), report.outDir) || '.'}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof ToolMissingError ? `✗ ${err.message}` : err);
    process.exit(1);
  });
}
