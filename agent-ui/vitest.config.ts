import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // Element Plus components import their CSS; let Vite handle them instead of Node.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
