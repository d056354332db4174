// The per-user rate limit: at most `limit` commands in any window, per user; quiet users
// forgotten. Checked against the plainest statement of the rule (keep every time, count
// those inside the window) over random sequences of commands.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/runtime/ratelimit.ts';

/**
 * The rule as a reference: every accepted command's time, filtered on every call; and,
 * once a window, users whose commands have all left it forgotten (so that a clock set
 * back later does not bring them back).
 */
class Reference {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  take(user: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    if (now - this.lastSweep >= this.windowMs) {
      this.lastSweep = now;
      for (const [u, times] of this.hits) if (times.every((t) => t <= now - this.windowMs)) this.hits.delete(u);
    }
    const recent = (this.hits.get(user) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(user, recent);
    // A slot frees when the oldest command in the window leaves it.
    if (recent.length >= this.limit) return { ok: false, retryAfterMs: Math.min(...recent) + this.windowMs - now };
    recent.push(now);
    return { ok: true };
  }
}

describe('RateLimiter', () => {
  it('refuses the command over the limit and says when the oldest leaves the window', () => {
    let now = 1_000;
    const limiter = new RateLimiter(3, 10_000, () => now);
    for (let i = 0; i < 3; i++, now += 1_000) expect(limiter.take('u')).toEqual({ ok: true });
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 1_000 + 10_000 - 4_000 });
    expect(limiter.take('v')).toEqual({ ok: true }); // another user has a limit of their own
    now = 11_000; // the first command (at 1,000) is a window old: out
    expect(limiter.take('u')).toEqual({ ok: true });
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 2_000 + 10_000 - 11_000 });
  });

  it('forgets users who have been quiet for a window', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1_000, () => now);
    for (let u = 0; u < 50; u++) limiter.take(`u${u}`);
    expect(limiter.size).toBe(50);
    now = 1_000;
    limiter.take('late');
    expect(limiter.size).toBe(1);
  });

  it('agrees with the plain rule on every call, over random users, gaps and limits, the clock at times set back', () => {
    const step = fc.record({
      user: fc.constantFrom('a', 'b', 'c'),
      gap: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: -1_000, max: -1 }),
      ),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 3_000 }),
        fc.array(step, { maxLength: 400 }),
        (limit, windowMs, steps) => {
          let now = 0;
          const limiter = new RateLimiter(limit, windowMs, () => now);
          const reference = new Reference(limit, windowMs);
          for (const { user, gap } of steps) {
            now += gap;
            expect(limiter.take(user)).toEqual(reference.take(user, now));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with the plain rule for one user kept at the limit for a long run', () => {
    // Commands about as fast as the limit allows: the window stays near full, and what left
    // it is let go of many times over (the step past the front must never drop a command still in it).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 10, max: 2_000 }),
        fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 200, maxLength: 1_500 }),
        (limit, windowMs, pace) => {
          let now = 0;
          const limiter = new RateLimiter(limit, windowMs, () => now);
          const reference = new Reference(limit, windowMs);
          for (const p of pace) {
            now += Math.floor((p * windowMs) / limit);
            expect(limiter.take('u')).toEqual(reference.take('u', now));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lets go of the times that left the window: one user at the limit for a hundred windows holds under twice the limit', () => {
    let now = 0;
    const limiter = new RateLimiter(50, 1_000, () => now);
    let most = 0;
    for (let i = 0; i < 100 * 50; i++, now += 20) {
      expect(limiter.take('u').ok).toBe(true);
      most = Math.max(most, limiter.held);
    }
    expect(most).toBeLessThanOrEqual(2 * 50 + 32);
    expect(most).toBeGreaterThanOrEqual(50);
  });

  it('with a high limit, a long run of commands at the same instant and after still counts right', () => {
    let now = 0;
    const limiter = new RateLimiter(5_000, 1_000, () => now);
    const accepted = (n: number) => Array.from({ length: n }, () => limiter.take('u').ok).filter(Boolean).length;
    expect(accepted(5_000)).toBe(5_000);
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 1_000 });
    now = 1_000; // all 5,000 leave the window together
    expect(accepted(4_999)).toBe(4_999);
    now = 1_500;
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u')).toEqual({ ok: false, retryAfterMs: 500 });
  });
});
