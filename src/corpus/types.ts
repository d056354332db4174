/** What every article carries besides its text. */
export interface ArticleMeta {
  /** Unique across the corpus; lowercase letters, digits and `-_.`. */
  id: string;
  title: string;
  outlet: string;
  author?: string | undefined;
  /** ISO date of publication, `YYYY-MM-DD`. */
  published: string;
  url: string;
}

/** An article as read from the corpus folder: the body exactly as the file holds it. */
export interface Article extends ArticleMeta {
  /** The body verbatim. Every offset in the project is a UTF-16 index into this string. */
  text: string;
  /** Where it came from, relative to the corpus folder (`000-x.md`, `bulk.jsonl`). */
  file: string;
  /** 1-based line of a JSON Lines file; absent for Markdown. */
  line?: number | undefined;
}

/** A half-open range `[start, end)` of UTF-16 offsets into one article's text. */
export interface Span {
  start: number;
  end: number;
}
