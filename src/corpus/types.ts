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
  /**
   * The corpus folder's furniture list (FURNITURE_FILE), shared by every article of the
   * folder; absent when the folder has none. The cleaner keeps or drops the lines it names.
   */
  linePatterns?: readonly LinePattern[] | undefined;
}

/**
 * One line of a corpus folder's furniture list: lines that match are dropped as furniture
 * or kept as story, whatever the built-in rules say. `match` is a lowercase prefix (plain
 * text: the line starts with it, case aside) or a regular expression tested on the trimmed
 * line.
 */
export interface LinePattern {
  action: 'drop' | 'keep';
  match: string | RegExp;
  /** Where it is written: the list's file (relative to the corpus folder) and 1-based line. */
  file: string;
  line: number;
}

/** A half-open range `[start, end)` of UTF-16 offsets into one article's text. */
export interface Span {
  start: number;
  end: number;
}
