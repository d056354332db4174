// The real data beside the project: `../shared/seeds/` (the built-in articles as collected)
// and `../shared/datasets/` (real news nobody here wrote). This is the one place that names
// it. A clone of the repository alone has none of it: tests that read it carry the tag
// `shared` (NEEDS_SHARED), which vitest.config.ts skips when it is absent, and
// shared-reporter.ts says in one line how many were skipped and why. With REQUIRE_SHARED=1
// (as .ci/run sets), its absence, or any `shared` test skipped, fails the run instead.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const SEEDS = path.join(SHARED, 'seeds');
export const DATASETS = path.join(SHARED, 'datasets');

/** Whether the seeds and the datasets are beside the project. */
export const HAS_SHARED = existsSync(SEEDS) && existsSync(DATASETS);

/** Whether a missing `../shared/` is an error rather than a reason to skip (REQUIRE_SHARED=1). */
export const REQUIRE_SHARED = process.env.REQUIRE_SHARED === '1';

/** The tag of a test or suite that reads `../shared/`: `describe('…', NEEDS_SHARED, () => …)`. */
export const NEEDS_SHARED = { tags: ['shared'] };

/** A path inside `../shared/datasets/`. */
export function dataset(...parts: string[]): string {
  return path.join(DATASETS, ...parts);
}

/** A path inside `../shared/seeds/`. */
export function seed(...parts: string[]): string {
  return path.join(SEEDS, ...parts);
}
