import { randomBytes } from 'node:crypto';
import type { Answer } from '../answers/types.ts';
import { Pages } from '../render/discord.ts';

export interface PagingSession {
  id: string;
  userId: string;
  /** The answer's pages, made as they are turned to. */
  pages: Pages;
  expiresAt: number;
}

/**
 * The answers whose pages can still be turned, by id. Bounded in count and time, so a
 * busy server cannot grow it without end: the oldest session goes when it is full.
 */
export class PagingStore {
  private readonly sessions = new Map<string, PagingSession>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxSessions: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The pages of `answer`, kept when there is more than one. */
  open(userId: string, answer: Answer): { pages: Pages; session?: PagingSession } {
    const pages = new Pages(answer);
    if (!pages.hasAfter(0)) return { pages };
    this.sweep();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    const session: PagingSession = {
      id: randomBytes(6).toString('base64url'),
      userId,
      pages,
      expiresAt: this.now() + this.ttlMs,
    };
    this.sessions.set(session.id, session);
    return { pages, session };
  }

  get(id: string): PagingSession | undefined {
    const s = this.sessions.get(id);
    if (s && s.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Drops expired sessions. Sessions are kept in the order they were opened, all with the
   * same time to live, so the expired ones are at the front: this stops at the first that
   * is not, rather than walking every session at every answer. (`get` checks expiry too.)
   */
  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (s.expiresAt > now) break;
      this.sessions.delete(id);
    }
  }
}

/** `page:<id>:<n>` → the session id and page number, or undefined for another button. */
export function parsePageButton(customId: string): { id: string; page: number } | undefined {
  const m = /^page:([\w-]{1,20}):(-?\d{1,4})$/.exec(customId);
  return m ? { id: m[1]!, page: Number(m[2]) } : undefined;
}
