import { defineConfig } from 'vitest/config';

// The load tests (a burst of 1,000 interactions through the loopback Discord, in one
// process) measure whether everything is acknowledged within Discord's 3 s: they run last
// and alone, so the other test files do not take the CPU they are measuring.
const LOAD = 'tests/hardening/load.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.ts'], exclude: [LOAD], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'load', include: [LOAD], sequence: { groupOrder: 1 } } },
    ],
  },
});
