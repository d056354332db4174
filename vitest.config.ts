import { defineConfig } from 'vitest/config';
import { HAS_SHARED, REQUIRE_SHARED, SHARED } from './tests/support/shared.ts';

if (REQUIRE_SHARED && !HAS_SHARED)
  throw new Error(`REQUIRE_SHARED=1, but ${SHARED} (seeds and datasets) is not beside the project`);

// The load tests (a burst of 1,000 interactions through the loopback Discord, in one
// process) measure whether everything is acknowledged within Discord's 3 s: they run last
// and alone, so the other test files do not take the CPU they are measuring.
const LOAD = 'tests/hardening/load.test.ts';
// The bot's end-to-end files run a second time with its engine in a thread of its own
// (ENGINE_THREAD=on; tests/support/bot.ts reads the variable).
const BOTH_WAYS = [
  'tests/e2e/bot.test.ts',
  'tests/e2e/quote-when.test.ts',
  'tests/e2e/ask.test.ts',
  'tests/e2e/corpus.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './tests/support/shared-reporter.ts'],
    // Tests that read ../shared/ (the seeds, the datasets) are skipped where it is absent.
    tags: [{ name: 'shared', description: 'reads real news from ../shared/', skip: !HAS_SHARED }],
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['tests/**/*.test.ts'], exclude: [LOAD], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'engine-thread',
          include: BOTH_WAYS,
          env: { COVERAGE_BOT_TEST_ENGINE_THREAD: 'on' },
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'load', include: [LOAD], sequence: { groupOrder: 1 } } },
    ],
  },
});
