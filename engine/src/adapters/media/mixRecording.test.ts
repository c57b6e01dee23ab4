import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasProgram, mixAudio, mixFilter, run } from './mixRecording.js';

const isCI = process.env.CI === 'true';

describe('mixing leg recordings', () => {
  it('delays a leg that joined later to its offset', () => {
    expect(mixFilter([{ path: 'a' }, { path: 'b' }])).toBe(
      '[0:a:0][1:a:0]amix=inputs=2:duration=longest:normalize=0[mix]',
    );
    expect(mixFilter([{ path: 'a', offsetMs: 0 }, { path: 'b' }, { path: 'c', offsetMs: 4_000.4 }])).toBe(
      '[2:a:0]adelay=delays=4000:all=1[d2];[0:a:0][1:a:0][d2]amix=inputs=3:duration=longest:normalize=0[mix]',
    );
  });

  describe('with ffmpeg', () => {
    let dir: string;
    let ffmpeg = false;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'cs-mix-'));
      ffmpeg = await hasProgram('ffmpeg');
      if (isCI && !ffmpeg) throw new Error('ffmpeg must be installed in CI (.ci/run installs it)');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    async function tone(name: string, seconds: number, hz: number) {
      const file = path.join(dir, name);
      const made = await run('ffmpeg', [
        ...['-y', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
        ...['-i', `sine=frequency=${hz}:duration=${seconds}`, '-c:a', 'libopus', file],
      ]);
      expect(made.code).toBe(0);
      return file;
    }

    async function seconds(file: string) {
      const out = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
      return Number.parseFloat(out.stdout);
    }

    it('a seat leg after a transfer lands at its offset: the mix is as long as the whole call', async () => {
      if (!ffmpeg) return;
      const citizen = await tone('citizen.ogg', 3, 440);
      const secondSeat = await tone('seat2.ogg', 2, 660);
      const mixed = await mixAudio(
        [
          { path: citizen, offsetMs: 0 },
          { path: secondSeat, offsetMs: 2_500 },
        ],
        path.join(dir, 'mixed.ogg'),
      );
      expect(mixed).not.toBeNull();
      expect(await seconds(mixed!)).toBeCloseTo(4.5, 0);
      const unshifted = await mixAudio([{ path: citizen }, { path: secondSeat }], path.join(dir, 'plain.ogg'));
      expect(await seconds(unshifted!)).toBeCloseTo(3, 0);
    });
  });
});
