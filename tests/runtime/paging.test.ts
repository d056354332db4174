// The paging store: bounded in time (a session expires after its TTL) and in count (the
// oldest goes when it is full), and only answers with more than one page are kept.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/types.ts';
import { PagingStore } from '../../src/runtime/paging.ts';

const source = { id: 'a', title: 'T', outlet: 'O', published: '2017-01-01', url: 'https://example.com/a' };
const answerOf = (items: number): Answer => ({
  kind: 'excerpts',
  command: 'search',
  title: 'Search: x',
  items: Array.from({ length: items }, (_, i) => ({
    excerpt: `Excerpt ${i}.`,
    start: 0,
    end: 11,
    highlights: [],
    source,
    alsoIn: [],
  })),
});

describe('PagingStore', () => {
  it('keeps only answers with more than one page', () => {
    const store = new PagingStore(1_000, 10);
    expect(store.open('u', answerOf(5)).session).toBeUndefined();
    expect(store.open('u', answerOf(6)).session).toBeDefined();
    expect(store.size).toBe(1);
  });

  it('forgets sessions once their time is up, and only those', () => {
    let now = 0;
    const store = new PagingStore(1_000, 100, () => now);
    const ids: string[] = [];
    for (let t = 0; t < 10; t++) {
      now = t * 100;
      ids.push(store.open('u', answerOf(6)).session!.id);
    }
    expect(store.size).toBe(10);
    now = 1_450; // sessions opened at 0-400 have expired; those at 500-900 have not
    expect(store.get(ids[0]!)).toBeUndefined();
    store.open('u', answerOf(6));
    expect(store.size).toBe(6);
    for (const [i, id] of ids.entries()) expect(store.get(id) !== undefined, `session ${i}`).toBe(i >= 5);
  });

  it('drops the oldest session when full', () => {
    const store = new PagingStore(60_000, 3, () => 0);
    const ids = Array.from({ length: 5 }, () => store.open('u', answerOf(6)).session!.id);
    expect(store.size).toBe(3);
    expect(ids.map((id) => store.get(id) !== undefined)).toEqual([false, false, true, true, true]);
  });
});
