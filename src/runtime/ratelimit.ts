/** One user's recent commands: `times[head..]`, oldest first, are those still in the window. */
interface Hits {
  times: number[];
  head: number;
  /** Until when the user has been told they are over the limit (the window's reset then). */
  toldUntil: number;
}

/**
 * Per-user limit: at most `limit` commands in any `windowMs`. Users who have been quiet
 * for a window are forgotten, so the map stays as large as the set of active users.
 * Each call costs the same however many commands the window holds: the ones that leave
 * the window are stepped past at the front, not filtered out of a copy.
 */
export class RateLimiter {
  private readonly hits = new Map<string, Hits>();
  private lastSweep = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a command by `userId`; when over the limit, says in how many ms to retry. */
  take(userId: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    this.sweep(now);
    let hits = this.hits.get(userId);
    if (!hits) this.hits.set(userId, (hits = { times: [], head: 0, toldUntil: 0 }));
    while (hits.head < hits.times.length && hits.times[hits.head]! <= now - this.windowMs) hits.head++;
    // Let go of what left the window once it is most of the array.
    if (hits.head >= 32 && hits.head * 2 >= hits.times.length) {
      hits.times = hits.times.slice(hits.head);
      hits.head = 0;
    }
    const { times, head } = hits;
    if (times.length - head >= this.limit) return { ok: false, retryAfterMs: times[head]! + this.windowMs - now };
    // In order: at the end, unless the clock was set back.
    let at = times.length;
    while (at > head && times[at - 1]! > now) at--;
    times.splice(at, 0, now);
    return { ok: true };
  }

  /**
   * Whether to tell `userId`, just refused with `retryAfterMs`, that they are over the
   * limit: yes the first time, then no until that window resets, so a flood gets one reply.
   */
  tell(userId: string, retryAfterMs: number): boolean {
    const hits = this.hits.get(userId);
    const now = this.now();
    if (!hits || now < hits.toldUntil) return false;
    hits.toldUntil = now + retryAfterMs;
    return true;
  }

  /** Users with commands in the window. */
  get size(): number {
    return this.hits.size;
  }

  /** Command times held, over all users: for tests and the leak check. */
  get held(): number {
    let n = 0;
    for (const { times } of this.hits.values()) n += times.length;
    return n;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [user, { times }] of this.hits) if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(user);
  }
}
