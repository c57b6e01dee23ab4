import { defineConfig } from 'vitest/config';

// Unit tests run the non-visual logic only (stores, API client, realtime connector, composables),
// with `uni` stubbed per test. The uni plugin is deliberately not loaded here.
export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
