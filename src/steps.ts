// Work done in steps: a generator yields between slices of work, and a driver runs it at
// once (runSync) or gives the event loop a turn at each yield (runAsync), so that a restore
// or a reload does not hold up the bot.

/**
 * How long a slice of work runs before the next yield: slices are measured in time, not
 * items, because an item's cost varies (a word stemmed for the first time costs many times
 * one seen before).
 */
export const SLICE_MS = 15;

/**
 * A clock for slicing: `due()` says whether SLICE_MS have passed since the first call
 * after the last time it said so.
 */
export function timeSlices(ms = SLICE_MS): () => boolean {
  let start = -1;
  return () => {
    const now = performance.now();
    if (start < 0) start = now;
    if (now - start < ms) return false;
    start = -1;
    return true;
  };
}

/** Runs `steps` to the end without pausing. */
export function runSync<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs `steps` to the end, giving the event loop a turn at each yield. */
export async function runAsync<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
