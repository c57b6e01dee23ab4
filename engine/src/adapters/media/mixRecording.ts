/**
 * Mixing per-leg recordings with ffmpeg, where it is installed. ffmpeg is an optional system
 * package (Debian `ffmpeg`); without it the per-leg files stay the record of the call.
 */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; rejects with ENOENT when it is not installed. */
export function run(command: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** True when `command -version` runs (ffmpeg, ffprobe). */
export async function hasProgram(command: string): Promise<boolean> {
  try {
    const result = await run(command, ['-version']);
    return result.code === 0;
  } catch {
    return false;
  }
}

export interface MixInput {
  path: string;
  /** Where the input starts on the call's timeline (a seat joining after a transfer), ms. */
  offsetMs?: number;
}

/** The ffmpeg filter graph mixing the inputs' first audio streams, each delayed to its offset. */
export function mixFilter(inputs: readonly MixInput[]): string {
  const delayed = inputs.map((input, i) => {
    const offset = Math.max(0, Math.round(input.offsetMs ?? 0));
    return offset > 0 ? `[${i}:a:0]adelay=delays=${offset}:all=1[d${i}]` : null;
  });
  const labels = inputs.map((_, i) => (delayed[i] ? `[d${i}]` : `[${i}:a:0]`)).join('');
  const mix = `${labels}amix=inputs=${inputs.length}:duration=longest:normalize=0[mix]`;
  return [...delayed.filter((f): f is string => f !== null), mix].join(';');
}

/**
 * Mixes the audio of every input into one Opus track (`outPath`, .ogg or .webm), each placed at
 * its offset on the call's timeline.
 */
export async function mixAudio(inputs: readonly MixInput[], outPath: string): Promise<string | null> {
  if (inputs.length === 0) throw new Error('mixAudio: no input files');
  if (!(await hasProgram('ffmpeg'))) return null;
  const args = ['-y', '-hide_banner', '-loglevel', 'error'];
  for (const input of inputs) args.push('-i', input.path);
  if (inputs.length === 1) {
    args.push('-map', '0:a:0');
  } else {
    args.push('-filter_complex', mixFilter(inputs), '-map', '[mix]');
  }
  args.push('-c:a', 'libopus', '-b:a', '32k', outPath);
  const result = await run('ffmpeg', args);
  if (result.code !== 0) {
    throw new Error(`ffmpeg could not mix ${inputs.map((i) => i.path).join(', ')}: ${result.stderr.trim()}`);
  }
  return outPath;
}
