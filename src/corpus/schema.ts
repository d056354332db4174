import { z } from 'zod';

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (no 2017-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const text = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `missing ${what}` : `${what} must be text`) });

/**
 * One article as the corpus files describe it: front matter (or a JSON object) plus the
 * body. Every problem is reported, not only the first.
 */
export const ArticleSchema = z.object({
  id: text('id')
    .min(1, 'id is empty')
    .max(100, 'id is longer than 100 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'id may hold only letters, digits, ".", "_" and "-"'),
  title: text('title').trim().min(1, 'title is empty').max(500, 'title is longer than 500 characters'),
  outlet: text('outlet').trim().min(1, 'outlet is empty').max(200, 'outlet is longer than 200 characters'),
  author: text('author').trim().min(1, 'author is empty').max(200).optional(),
  published: z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? 'missing published date (YYYY-MM-DD)'
          : iss.input instanceof Date
            ? 'published must be quoted or written YYYY-MM-DD'
            : 'published must be a date written YYYY-MM-DD',
    })
    .refine(isCalendarDate, { error: (iss) => `published ${JSON.stringify(iss.input)} is not a date (expected YYYY-MM-DD)` }),
  url: z.url({
    protocol: /^https?$/,
    hostname: z.regexes.domain,
    error: (iss) => (iss.input === undefined ? 'missing url' : `url ${JSON.stringify(iss.input)} is not an http(s) URL`),
  }),
  text: z
    .string({ error: (iss) => (iss.input === undefined ? 'missing text' : 'text must be text') })
    .refine((t) => t.trim().length > 0, 'the article body is empty'),
});

export type ArticleInput = z.input<typeof ArticleSchema>;
