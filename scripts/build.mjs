// Builds everything: contracts, ivr and engine (tsc), agent-ui (vite), the citizen app (uni-app: H5,
// and the WeChat mini-program unless --h5-only). `--if-stale` skips parts whose output is newer
// than their sources (used by `npm start`).
import fs from 'node:fs';
import path from 'node:path';
import { mustRun, newestMtime, npmBin, root } from './lib.mjs';

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

const ifStale = process.argv.includes('--if-stale');
const h5Only = process.argv.includes('--h5-only');

const parts = [
  {
    name: 'contracts',
    sources: ['contracts/src', 'contracts/package.json'],
    output: 'contracts/dist/index.js',
    args: ['run', 'build', '-w', 'contracts'],
  },
  {
    name: 'ivr',
    sources: ['ivr/src', 'ivr/package.json', 'contracts/src'],
    output: 'ivr/dist/index.js',
    args: ['run', 'build', '-w', 'ivr'],
  },
  {
    // the hotline's voice prompts (espeak-ng → WAV, and 8 kHz PCMA / Opus with ffmpeg): generated, not committed
    name: 'voice prompts',
    sources: ['ivr/src/voice/prompts.ts', 'ivr/scripts/build-prompts.ts'],
    output: 'ivr/prompts/manifest.json',
    args: ['run', 'prompts', '-w', 'ivr'],
    needs: 'espeak-ng',
  },
  {
    name: 'engine',
    sources: ['engine/src', 'engine/package.json', 'contracts/src', 'ivr/src'],
    output: 'engine/dist/main.js',
    args: ['run', 'build', '-w', 'engine'],
  },
  {
    name: 'agent-ui',
    sources: ['agent-ui/src', 'agent-ui/index.html', 'agent-ui/vite.config.ts', 'contracts/src'],
    output: 'agent-ui/dist/index.html',
    args: ['run', 'build', '-w', 'agent-ui'],
  },
  {
    name: 'citizen H5',
    sources: ['miniapp/src', 'miniapp/vite.config.ts', 'contracts/src'],
    output: 'miniapp/dist/build/h5/index.html',
    args: ['run', 'build:h5', '-w', 'miniapp'],
  },
  ...(h5Only
    ? []
    : [
        {
          name: 'WeChat mini-program',
          sources: ['miniapp/src', 'miniapp/vite.config.ts', 'contracts/src'],
          output: 'miniapp/dist/build/mp-weixin/app.json',
          args: ['run', 'build:mp-weixin', '-w', 'miniapp'],
        },
      ]),
];

for (const part of parts) {
  if (part.needs && !onPath(part.needs)) {
    console.log(`– ${part.name} skipped: ${part.needs} is not installed (apt-get install -y ${part.needs})`);
    continue;
  }
  const out = path.join(root, part.output);
  if (ifStale && fs.existsSync(out) && fs.statSync(out).mtimeMs >= newestMtime(part.sources)) {
    console.log(`✓ ${part.name} is up to date`);
    continue;
  }
  await mustRun(`build ${part.name}`, npmBin, part.args, { env: { CI: 'true' } });
}
