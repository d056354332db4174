/** The first index of `sorted` whose item is not `before` (all that are come first): a binary search. */
export function lowerBoundBy<T>(sorted: ArrayLike<T>, before: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
