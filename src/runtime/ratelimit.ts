/**
 * Per-user limit: at most `limit` commands in any `windowMs`. Users who have been quiet
 * for a window are forgotten, so the map stays as large as the set of active users.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
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
    const recent = (this.hits.get(userId) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(userId, recent);
      return { ok: false, retryAfterMs: recent[0]! + this.windowMs - now };
    }
    recent.push(now);
    this.hits.set(userId, recent);
    return { ok: true };
  }

  get size(): number {
    return this.hits.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [user, times] of this.hits) if ((times.at(-1) ?? 0) <= now - this.windowMs) this.hits.delete(user);
  }
}
