// Says in one line how many tests were skipped because the shared data is not beside the
// project (see shared.ts); with REQUIRE_SHARED=1, any such skip fails the run.
import type { Reporter, TestModule } from 'vitest/node';
import { HAS_SHARED, REQUIRE_SHARED, SHARED } from './shared.ts';

export default class SharedReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let skipped = 0;
    for (const m of modules)
      for (const t of m.children.allTests()) if (t.tags.includes('shared') && t.result().state === 'skipped') skipped++;
    if (skipped === 0) return;
    const why = HAS_SHARED ? 'although it is there' : `because ${SHARED} is not beside this checkout (a bare clone)`;
    console.log(`\n${skipped} test${skipped === 1 ? '' : 's'} that read real news from ${SHARED} skipped, ${why}.`);
    if (REQUIRE_SHARED) {
      console.log(`REQUIRE_SHARED=1: a test that needs ${SHARED} may not be skipped.`);
      process.exitCode = 1;
    }
  }
}
