/**
 * What a quotation is, once found: the words as the article prints them, and who said them.
 *
 * Only `kind: 'direct'` is ever a person's own words. A `'paraphrase'` is reported speech
 * (the reporter's words about what someone said) and must never be rendered inside
 * quotation marks. Scare quotes and labels (`an "immigration enforcement priority"`,
 * badges that read "Denver (heart symbol) immigrants.", titles) are dropped by the
 * extractor and never reach this type.
 */
export type QuoteKind = 'direct' | 'paraphrase';

export interface Speaker {
  /** Canonical within the article: the fullest name the article gives ("Michael Hancock"). */
  name: string;
  /** As written at the attribution: "Hancock", "he", "protester Roxana Avila". */
  mention: string;
  /** What the article says they are, only where it says so ("Denver Mayor"). */
  role?: string | undefined;
}

export interface Quote {
  articleId: string;
  /**
   * Offsets (UTF-16) into `article.text` of the quoted words, without the quote marks
   * around them; `text === article.text.slice(start, end)`. A quote that runs over
   * several paragraphs is one Quote whose text keeps the paragraph breaks and the opening
   * marks of the continuing paragraphs, exactly as printed.
   */
  start: number;
  end: number;
  text: string;
  kind: QuoteKind;
  speaker: Speaker;
}

/** One speaker across the corpus, as the directory knows them. */
export interface SpeakerInfo {
  /** Canonical across the corpus ("Michael Hancock"). */
  name: string;
  role?: string | undefined;
  /** Every other way the corpus names them, as written ("Hancock", "The Mayor"). */
  aliases: string[];
  quoteCount: number;
  paraphraseCount: number;
}

export interface SpeakerDirectory {
  /** Every speaker, most quoted first, then by name. */
  all(): SpeakerInfo[];
  /** The speaker a name refers to, ignoring case, accents and titles; `undefined` if none or ambiguous. */
  resolve(query: string): SpeakerInfo | undefined;
  /** Closest speakers to a (mis)spelt name, best first. */
  suggest(query: string, limit?: number): SpeakerInfo[];
  /** The corpus-wide canonical name of a quote's speaker. */
  canonical(quote: Quote): string;
}
