import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // Element Plus mounts are slow on a busy two-core machine (the filter bar's took over 5 s).
      testTimeout: 20_000,
      // Element Plus components import their CSS; let Vite handle them instead of Node.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
