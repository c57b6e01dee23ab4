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

/**
 * Mixes the audio of every input into one Opus track (`outPath`, .ogg or .webm). The inputs are
 * recordings started together, so they are mixed from their starts without offsets.
 */
export async function mixAudio(inputs: readonly string[], outPath: string): Promise<string | null> {
  if (inputs.length === 0) throw new Error('mixAudio: no input files');
  if (!(await hasProgram('ffmpeg'))) return null;
  const args = ['-y', '-hide_banner', '-loglevel', 'error'];
  for (const input of inputs) args.push('-i', input);
  if (inputs.length === 1) {
    args.push('-map', '0:a:0');
  } else {
    const labels = inputs.map((_, i) => `[${i}:a:0]`).join('');
    args.push(
      '-filter_complex',
      `${labels}amix=inputs=${inputs.length}:duration=longest:normalize=0[mix]`,
      '-map',
      '[mix]',
    );
  }
  args.push('-c:a', 'libopus', '-b:a', '32k', outPath);
  const result = await run('ffmpeg', args);
  if (result.code !== 0) {
    throw new Error(`ffmpeg could not mix ${inputs.join(', ')}: ${result.stderr.trim()}`);
  }
  return outPath;
}
