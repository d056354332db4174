// The line rules of the cleaner: what a line of page furniture looks like on its own. Each
// rule describes a kind of furniture that scraped and exported news carries (captions and
// their credits, prompts, timestamps …), never a particular article's line. The cleaner
// (clean.ts) adds what needs the lines around: the top of the article, repeated headlines,
// lists, blocks of related links.
//
// Cost: every line of every article passes through here at build time. A long line (a
// story paragraph, most of the text) is only tested at its end (TAIL_CHARS), where a
// credit sits, and against a few anchored rules; the rest run on short lines only.

/** Why a line is page furniture rather than story. */
export type FurnitureKind =
  | 'date-marker'
  | 'dateline'
  | 'timestamp'
  | 'byline'
  | 'headline'
  | 'caption'
  | 'advertisement'
  | 'prompt'
  | 'related'
  | 'comments'
  | 'copyright'
  | 'credit'
  | 'notice'
  | 'pull-quote'
  | 'separator'
  | 'trailing'
  /** A line the corpus folder's furniture list drops. */
  | 'listed';

/** A rule's verdict: the kind of furniture, and the rule's name (for the audit). */
export interface LineVerdict {
  kind: FurnitureKind;
  rule: string;
}

/** What the rules know about a line besides its text. */
export interface LineFacts {
  /** Words (runs of non-space), counted up to MAX_COUNTED_WORDS. */
  words: number;
  /** Whether it ends as a sentence does (., !, ?, : or … perhaps followed by closing marks). */
  sentence: boolean;
}

/** Word counts stop here: no rule looks further. */
export const MAX_COUNTED_WORDS = 61;
/** A long line is tested for a trailing credit in its last this-many characters only. */
const TAIL_CHARS = 160;

/** A story paragraph ends in a sentence's punctuation, perhaps followed by closing marks. */
export const ENDS_SENTENCE = /[.!?:…]["'”’)\]]*$/;

/** Counts the words of `line`, stopping at MAX_COUNTED_WORDS. */
export function countWords(line: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < line.length && n < MAX_COUNTED_WORDS; i++) {
    const c = line.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 0xa0 || c === 0x2009 || c === 0x200a || c === 0x202f;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

/** Closing marks that may follow a sentence's last punctuation. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']']);
const SENTENCE_ENDS = new Set(['.', '!', '?', ':', '…']);

/** ENDS_SENTENCE, read from the end of the line (a regex with `$` would scan it from the start). */
function endsSentence(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && CLOSERS.has(line[i]!)) i--;
  return i >= 0 && SENTENCE_ENDS.has(line[i]!);
}

export function lineFacts(line: string): LineFacts {
  return { words: countWords(line), sentence: endsSentence(line) };
}

// ---- captions and credits ----------------------------------------------------------------

/** "… Image: Mirrys.", "Dakota, a deer. Image: Nicholas Moreau.", "(Image: CDCR)", "Phil CollinsImage: Prohibition Party." */
const CREDIT_COLON =
  /(?:^|[\s.!?"”’)(\p{Ll}])(?:Image|Images|Photo|Photos|Photograph|Picture|Video|Illustration|Graphic|Credit|Credits|Source|Photo credit|Image credit)\s?:\s?[^:;]{1,80}$/u;
/** NYT's glued credit, from the last "Credit" on: "… in 2014.CreditChang W. Lee/The New York Times", "Credit Harry Campbell". */
const CREDIT_GLUED = /^Credits?\s?\p{Lu}[^:;]{0,80}$/u;
/** What may stand before a glued credit: the line's start, a sentence's end, a word (never "a Credit Suisse analyst"). */
const BEFORE_GLUED = /[.!?"”’)\p{Ll}]/u;
/** A news or photo agency that ends a caption in brackets, or stands alone: "(Thomas Coex/AFP/Getty Images)", "Getty Images". */
const AGENCY_TAIL =
  /\b(?:Getty Images|Getty|Reuters|AP Photo|Associated Press|EPA-EFE|Shutterstock|Alamy|PA Wire|Bloomberg|Corbis|iStock|iStockphoto|NurPhoto|Sipa|ZUMA|Zuma Press|Xinhua|Anadolu|Flickr|flickr|Wikimedia Commons)(?: via [\p{Lu}][\p{L}.]*(?: [\p{Lu}][\p{L}.]*){0,2})?\s?\)?\.?\)?$/u;
/** The words AGENCY_TAIL can end on: a cheap test before the regex. */
const AGENCY_LAST_WORDS = new Set([
  'Images',
  'Getty',
  'Reuters',
  'Photo',
  'Press',
  'EPA-EFE',
  'Shutterstock',
  'Alamy',
  'Wire',
  'Bloomberg',
  'Corbis',
  'iStock',
  'iStockphoto',
  'NurPhoto',
  'Sipa',
  'ZUMA',
  'Xinhua',
  'Anadolu',
  'Flickr',
  'flickr',
  'Commons',
]);
/** An agency after a photographer's name and a slash: "Ezra Acayan / Getty Images", "Benoit Tessier/Reuters", "Anthony Wallace / AFP - Getty Images". */
const SLASH_CREDIT =
  /\p{L}\.?\s?\/\s?(?:AP|AFP|EPA|PA|AOL|Pool|Handout|Getty Images|Getty|Reuters|Bloomberg|Shutterstock|Xinhua|NurPhoto|Sipa|ZUMA|Anadolu|Flickr|The New York Times|The Washington Post|The Seattle Times|[\p{Lu}][\p{L}.&'-]*(?: [\p{Lu}][\p{L}.&'-]*){0,3})(?:,? via [\p{Lu}][\p{L}.]*(?: [\p{Lu}][\p{L}.]*){0,2}| [-–—] (?:Getty Images|Getty|Reuters|Shutterstock|Alamy))?\s?\)?\.?$/u;
/** A photographer's name and the agency that distributes the picture, alone: "Neilson Barnard via Getty Images.". */
const VIA_CREDIT = /^(?:\p{Lu}[\p{L}.'’-]*\s){1,4}via\s\p{Lu}/u;
/** Where an agency stands: in brackets at the end, or as a whole short line. */
const IN_BRACKETS = /\([^()]{1,80}\)\.?$/u;
/** "Image", "Photo", "Facebook", "TWITTER.", "1 / 5": what an embed or a gallery leaves behind. */
const MEDIA_LABEL =
  /^(?:image|images|photo|photos|photograph|video|gallery|graphic|illustration|getty|getty images|file photo|facebook|twitter|instagram|youtube|tiktok|embed|\d{1,3}\s?\/\s?\d{1,3}|\d{1,3} of \d{1,3})\.?$/i;
/** A social handle alone, or after its network's name: "@Milbank.", "Twitter: @Milbank": an author's or a letter writer's signature. */
const HANDLE_LINE = /^(?:(?:twitter|instagram|threads|bluesky|x)\s?:\s?)?@[\w.]{1,30}$/i;
/** "X." alone: what an embedded player's close button leaves in the text. */
const EMBED_REMNANT = /^[X×✕]\.?$/u;
/** "Image: X", "Photo by X", "File photo of …", "Gallery: Xbox One X | 14 Photos", "In this photo dated …". */
const CAPTION_START =
  /^(?:\(?(?:photo|photos|image|picture|video|file photo|ap photo|illustration)\s?(?:by\b|:|credit\b)|gallery\s?:|in this (?:undated |handout |file |aerial |)(?:photo|image|picture|video|screenshot|handout)\b|file photo\b|pictured\s?:|above\s?:|top\s?:|main image\s?:)/i;
/** "(credit: CBS)", "(Photo: City of Springfield)" at the end of a line, from its last "(" on. */
const CAPTION_PAREN =
  /^\((?:credit|photo|photos|image|courtesy|file photo|ap photo|reuters|getty(?: images)?|afp|pool|handout)\b[^)]{0,80}\)\.?$/i;
/** A map or chart's legend: "██ On ballot", "■ Conservative Party - 365 seats". */
const LEGEND = /^[█■□▪▫●○◆◇▲▼►◼◾⬛⬤]/u;
/** A word that gives a short unpunctuated caption away: "(Lucy Akins)", "ICE generic …", "… file". */
const SHORT_CAPTION = /\(.*\)\s*$|^[A-Z]{2,}\b.*\b(?:generic|file)\b/;

// ---- prompts, ads, related links, comments -------------------------------------------------

const ADVERTISEMENT =
  /^(?:advertisement|advertising|advert|ad|ads|sponsored|sponsored content|sponsored post|paid content|paid post|promoted|partner content|skip ad|story continues below(?: advertisement)?|article continues below(?: advertisement)?|continue reading below|powered by \S{1,40}(?: \S{1,20}){0,3})\.?$/i;
const PROMPT =
  /^(?:watch|view|open|download|get|install|enable|allow|turn on|sign up|subscribe|follow us|like us|click here|tap here|share this|continue reading|be the first to know)\b.*\b(?:news|app|browser|notifications?|newsletter|alerts?|here|in|open|continue|know|updates?|reporting)\b[.!]?$|^(?:chrome|safari|firefox|edge)(?:\s+(?:chrome|safari|firefox|edge|continue))+$/i;
const PROMPT_START =
  /^(?:sign up\b|subscribe\b|subscribe to\b|register (?:now|for free|here)\b|continue reading\b|share (?:this|on|via)\b|follow (?:us|me)\b|follow @|like us on\b|join (?:us|our|the conversation)\b|click (?:here|to)\b|tap (?:here|to)\b|get (?:our|the) [\w ]{0,30}newsletter\b|get (?:breaking news )?alerts\b|download (?:our|the) app\b|listen to (?:this|the) (?:article|story)\b|read (?:this|the) (?:article|story) in\b|found this helpful\b|share\s?(?:this)?\s?(?:article|story)?$|tweet$|email$|print$|save$)/i;
/** A sign-up's words: "Keep up with the CityLab Daily newsletter." */
const NEWSLETTER = /\bnewsletters?\b|\binbox\b/i;
const NEWSLETTER_VERB =
  /\b(?:sign up|sign-up|subscribe|keep up|get|delivered|receive|free|register|join|email address)\b/i;
/** "$7/month", "$60/person/year": a subscription's price list. */
const PRICE_PLAN = /^(?:[$£€]\s?\d[\d.,]*|free)\s?(?:\/|per |a )\s?(?:month|mo|year|yr|week|wk|day|person|user)\b/i;
const RELATED =
  /^(?:related|video|watch|read more|more|see also|also read|also|photos?|gallery|listen|latest|trending|recommended|up next|more coverage|lire aussi|leia também|lea también|mehr zum thema|más información)\s*[:|>\-–—]\s*\S/i;
/** A header that says the lines after it link to other stories. */
export const RELATED_HEADER =
  /^(?:read more|related(?: stories| articles| coverage| content| links| reading| news)?|more (?:on this|from [^:]{1,40}|stories|coverage|news)|see also|also read|recommended(?: for you| reading)?|you may also like|you might also like|most read|most popular|trending(?: now)?|top stories|in other news|further reading|sister links|sources?|external links|lire aussi|à lire aussi)\s*:?$/i;
/** A link line without a stop: "Read the full transcript of his interview", "See our latest coverage", "Watch the full video". */
const READ_LINK =
  /^(?:read|see|watch|listen to|view|explore)\s(?:the\s|our\s)?(?:full|more|all|complete|latest|whole)\b/i;
const SERIES_LINK = /^[^.!?]{0,120},?\s+part\s+(?:\d+|one|two|three|four|five|[ivx]+)\s*:\s*\S/i;
const COMMENTS =
  /^(?:load|view|show|hide|read|post|leave|add|join the)\s+(?:all\s+)?(?:\d+\s+)?comments?\b.*$|^\d+\s+comments?$|^comments?(?:\s*\(\d+\))?$|^\d[\d,.]*k?\s+(?:comments?|replies|responses|shares|likes)$/i;

// ---- dates, bylines, credits, notices ------------------------------------------------------

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?';
const WEEKDAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';
const CLOCK = '\\d{1,2}[:.]\\d{2}(?::\\d{2})?\\s?(?:[ap]\\.?\\s?m\\.?)?(?:\\s?(?:[A-Z]{2,4}|GMT[+-]\\d{1,2}))?';
const DAY_DATE = `(?:${MONTH}\\s\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s\\d{4})?|\\d{1,2}(?:st|nd|rd|th)?\\s${MONTH}(?:,?\\s\\d{4})?|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})`;
/** A line that is a date (and perhaps a time) and nothing else: "Friday, January 4, 2019", "Feb. 21, 2019", "2/26/2015 7:11 AM PST BY TMZ STAFF". */
export const DATE_LINE = new RegExp(
  `^(?:${WEEKDAY},?\\s)?${DAY_DATE}(?:,?\\s(?:at\\s)?${CLOCK})?(?:\\s(?:by|par|por)\\s[^.]{1,40})?\\.?$`,
  'i',
);
/** A time alone: "8:08 p.m.", "1:39 PM ET", "11 a.m." (a live blog's entries). */
export const TIME_LINE = new RegExp(`^(?:${CLOCK}|\\d{1,2}\\s?[ap]\\.\\s?m)\\.?:?$`, 'i');
/** "Updated 5:32 p.m.", "Published February 1, 2016", "CNNMoney (New York) First published February 1, 2016: 1:28 AM ET", "3 hours ago". */
const STAMP =
  /\b(?:updated|last updated|last modified|posted|published|first published|modifié le|publié le|atualizado|actualizado)\b[^.!?]{0,30}?(?:\d{1,2}[:.]\d{2}|\b\d{4}\b|\bago\b)|^\d{1,3}\s(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\sago$|^\d{1,3}\s?min(?:ute)?s?\s(?:read|listen)$/i;
const BYLINE =
  /^by\s+([A-Z][\p{L}'.-]+(?:\s+[A-Z][\p{L}'.-]+){0,3}(?:\s+and\s+[A-Z][\p{L}'.-]+(?:\s+[A-Z][\p{L}'.-]+){0,3})?)\s*(?:[,|–—-]\s*(.{0,60}))?$/iu;
/** An author's line at the foot: "Stella Kim is an NBC News freelance producer based in Seoul.", "Clark Boyd is technology correspondent for …". */
export const AUTHOR_BIO =
  /^(?:\p{Lu}[\p{L}'.-]+\s){1,3}is\s(?:(?:a|an|the)\s(?:[\p{L}-]+\s){0,5}|(?:[\p{L}-]+\s){0,2})(?:[Rr]eporter|[Cc]orrespondent|[Ee]ditor|[Ww]riter|[Pp]roducer|[Cc]olumnist|[Cc]ontributor|[Aa]uthor|[Jj]ournalist|[Ff]reelance|[Cc]ritic|[Pp]hotographer)\b/u;
const ABOUT_AUTHOR = /^(?:about the authors?|about the writer|author|authors|written by|contributors?)\s?:?$/i;
const CREDIT =
  /\bcontributed to this (?:report|article|story)\b|^(?:reporting|additional reporting|editing|written|compiled|translated|produced) by\b|^(?:\p{Lu}[\p{L}'.-]+\s){1,3}(?:and\s(?:\p{Lu}[\p{L}'.-]+\s){1,3})?contributed\.$|^this (?:article|story|piece) (?:originally |first )?(?:appeared|ran|was (?:first |originally )?published) (?:on|in|at)\b/iu;
export const CONTRIBUTOR = /(?:^|[’'s\s])((?:[A-Z][\p{L}'.-]+\s+){1,3}[A-Z][\p{L}'.-]+)\s+contributed to this/u;
const COPYRIGHT =
  /^\(?\s*(?:©|\(c\)|copyright\b)|all rights reserved|may not be (?:published|reproduced|redistributed|rewritten)|^(?:licen[cs]ed under|(?:text|content|photos?|images?) (?:is |are )?(?:licen[cs]ed|available) under)\b|^(?:this|the) (?:article|text|work|content|photo|image) is (?:available|licen[cs]ed|published) under\b/i;
const NOTICE =
  /^(?:abstract|full text|correction(?:s)?(?: appended)?|clarification|editor'?s note|editors'? note|note to readers|update)\s?[:.]?$|^-?article last amended\s?:|^this (?:article|story|post|page) (?:requires|needs|has been|was|is being) (?:pre-publication review|review|updated|corrected|amended|changed)\b|^a version of this (?:article|story) appears? in print\b|^an earlier version of this (?:article|story)\b/i;

/** A line of punctuation alone: "___.", "* * *", "———". */
const SEPARATOR = /^[_*=~#•·\-–—\s]{2,}\.?$|^[_*=~#]\.?$/;
/** A pull-quote's attribution: "—Zinichev calling a temporary halt …", "– United States District Judge …". */
const PULL_QUOTE_BY = /^[—–―-]\s?["“]?\p{Lu}/u;
/** A name alone, perhaps with a degree: "Michael Shadlen, Ph.D.", "Jane Doe". Under a quote it is the quote's attribution. */
export const NAME_ALONE =
  /^(?!(?:A|An|The|In|On|At|For|Of|To|And|But|Or|So|As|If|No|My|Our|His|Her|Its|Their|This|That)\s)(?:\p{Lu}[\p{L}'’.-]+\s){1,3}\p{Lu}[\p{L}'’-]+(?:,\s(?:Ph\.?\s?D|M\.?\s?D|PhD|MD|Jr|Sr|MBA|RN|Esq)\.?|\.?)$/u;
/** A line that is a quotation: it opens with a quote mark. */
export const OPENS_QUOTE = /^["“‘'«]/u;
/** A reporter's verb or a spokesperson: a paragraph that has one (outside a quote) reports what someone said. */
export const REPORTED =
  /\b(?:said|says|told|tells|added|adds|according to|announced|reported|claimed|insisted|warned|explained|stated|argued|argues|admitted|revealed|confirmed|spokesman|spokeswoman|spokesperson)\b/i;
/** The writer speaking as themself, or to the reader: what a reader's comment has and a news report (outside its quotes) does not. */
export const PERSONAL = /\b(?:I|I'm|I've|I'd|I'll|me|my|we|we're|we've|our|us|you|you're|your)\b|[!?]/;
/** The first person singular, or an exclamation or a question: a comment's stronger sign. */
export const FIRST_PERSON = /\b(?:I|I'm|I've|I'd|I'll|me|my)\b|[!?]/;
/**
 * A subhead that an export closed with a full stop ("Turmoil on the way.", "Knack for
 * Deals."): a phrase of a few words with no verb a sentence would have (no auxiliary, no
 * past tense after its first word, no pronoun), no quote, no clause break. What it
 * stands between is the cleaner's to check.
 */
export const STOPPED_SUBHEAD =
  /^['‘]?(?!(?:They|She|He|It|We|I|You|But|And|So|Yet|That|This|These|Those|There|Then|Now|Still|Or|Not|No|Yes|Here|What|Who|Why|How|When|Where|Which|His|Her|Their|Its|Our|My|Your|A|An|The|Take|Enter|Make|Call|Consider|Look|Let|Imagine|Remember|Think|Watch|See|Read|Meet|Go|Come|Get|Ask|Try|Say|Tell|Keep|Give|Put|Forget|Stop|Start)\b(?!,))\p{Lu}[^<@/“”"\s]*(?:\s[^<@/“”"\s]+)+(?<!\.)\.['’]?$/u;
export const SUBHEAD_VERB =
  /[.!?;:,]\s|n['’]t\b|\s(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|did|does|do|said|says|say|may|might|must|should|it|he|she|they|we|you|i|him|her|them|us|me|went|came|got|took|made|began|became|saw|ran|won|lost|left|fell|told|gave|found|knew|thought|felt|kept|held|brought|stood|met|paid|sent|built|led|spent|grew|rose|wrote|\p{L}+ed)\b/iu;
/** A finite verb's cue: a long line without a stop that has one is a sentence that lost its stop, not a heading. */
export const FINITE_VERB =
  /\s(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|said|says|may|might|must|should|\p{Ll}+ed)\s/u;
/** Words at most in a stopped subhead. */
export const MAX_SUBHEAD_WORDS = 5;
/** A scrape's leading "date YYYY-MM-DD" marker. */
export const DATE_MARKER = /^\s*date\s+\d{4}-\d{2}-\d{2}\b\s*/i;

// ---- story that looks short ---------------------------------------------------------------

/** A list item: "- Pay $1,000 (£535) fine", "2. Norway", "2 Amelie Mauresmo (France)", "* Both …". */
export const LIST_ITEM = /^(?:[-•*·–▸►]\s|\d{1,3}[.)]\s|\d{1,3}\s\p{Lu})/u;
/** A speaker's turn in a transcript: "((WN)) What …", "Q: …", "Natasha Gownaris: I've …". */
export const SPEAKER_TURN =
  /^(?:\(\([^()]{1,60}\)\)|[QA]\s?[:.]\s|(?:\p{Lu}[\p{L}'.-]*\s){0,3}\p{Lu}[\p{L}'.-]*\s?:\s\S)/u;

/** A fixture or a result: "Arsenal v Wolverhampton", "Man Utd or Exeter v Middlesbrough", "Chelsea 2-1 Arsenal". */
export const FIXTURE = /^\p{Lu}\S*(?:\s\S+){0,5}\s(?:v|vs\.?|\d{1,3}-\d{1,3})\s\p{Lu}/u;

/** A paragraph broken off mid-sentence: it starts in lowercase, or ends on a comma or a word no headline ends on. */
export const FRAGMENT =
  /^\p{Ll}|[,;]$|\s(?:a|an|the|and|or|but|as|of|to|in|on|at|by|for|with|from|that|which|who|was|were|is|are|had|has|have|did|his|her|their|its)$/u;

/** Function words a headline capitalises and a list of names does not have. */
const TITLE_WORD =
  /\s(?:The|Of|On|In|To|For|And|A|An|At|By|With|Is|Are|Was|Why|How|What|From|Over|After|As|Not|Can’t|Can't|Will)\s/u;
/** Any word that starts with a lowercase letter (past the first word). */
const LOWER_WORD = /\s["'“‘(]?\p{Ll}/u;
const HAS_DIGIT = /\d/;
const FIVE_LETTERS = /(?:\p{L}[^\p{L}]*){5}/u;
const HAS_LOWER = /\p{Ll}/u;

/**
 * The furniture a line is on its own, whatever is around it, or undefined. `facts` must be
 * `lineFacts(line)`. Rules that need the lines around (the headline repeated, lists,
 * related-link blocks, short lines that end without a full stop) are the cleaner's.
 */
export function classifyLine(line: string, facts: LineFacts): LineVerdict | undefined {
  const { words } = facts;
  const short = words <= 25;
  const first = line.charCodeAt(0);

  // Anchored rules, cheap on any line.
  if (RELATED.test(line)) return { kind: 'related', rule: 'related-prefix' };
  if (SERIES_LINK.test(line)) return { kind: 'related', rule: 'series-link' };
  if (words <= 40) {
    if (COPYRIGHT.test(line)) return { kind: 'copyright', rule: 'copyright' };
    if (CREDIT.test(line)) return { kind: 'credit', rule: 'contributed' };
    if (NOTICE.test(line)) return { kind: 'notice', rule: 'notice' };
  }

  if (short) {
    if (words <= 12 && BYLINE.test(line)) return { kind: 'byline', rule: 'byline' };
    if (words <= 3 && ABOUT_AUTHOR.test(line)) return { kind: 'byline', rule: 'about-author' };
    if (COMMENTS.test(line)) return { kind: 'comments', rule: 'comment-count' };
    if (ADVERTISEMENT.test(line)) return { kind: 'advertisement', rule: 'advertisement' };
    if (words <= 16 && PROMPT.test(line)) return { kind: 'prompt', rule: 'app-prompt' };
    if (words <= 12 && !facts.sentence && READ_LINK.test(line)) return { kind: 'related', rule: 'read-link' };
    if (PROMPT_START.test(line)) return { kind: 'prompt', rule: 'share-follow-sign-up' };
    if (NEWSLETTER.test(line) && NEWSLETTER_VERB.test(line)) return { kind: 'prompt', rule: 'newsletter' };
    const digits = HAS_DIGIT.test(line);
    if (digits && words <= 4 && PRICE_PLAN.test(line)) return { kind: 'prompt', rule: 'subscription-price' };
    if (words <= 3 && MEDIA_LABEL.test(line)) return { kind: 'caption', rule: 'media-label' };
    if (words <= 2 && first !== 0x3c && HANDLE_LINE.test(line)) return { kind: 'byline', rule: 'handle' };
    if (line.length <= 2 && EMBED_REMNANT.test(line)) return { kind: 'caption', rule: 'embed-remnant' };
    if (words <= 3 && SEPARATOR.test(line)) return { kind: 'separator', rule: 'separator' };
    if (digits && words <= 12 && (DATE_LINE.test(line) || TIME_LINE.test(line)))
      return { kind: 'timestamp', rule: 'date-time' };
    if (digits && words <= 20 && STAMP.test(line)) return { kind: 'timestamp', rule: 'updated-published' };
    if (words <= 25 && first >= 0x2013 && first <= 0x2015 && !facts.sentence && PULL_QUOTE_BY.test(line))
      return { kind: 'pull-quote', rule: 'pull-quote-attribution' };
  }
  if (LEGEND.test(line) && words <= 30) return { kind: 'caption', rule: 'map-legend' };
  if (words <= 60 && CAPTION_START.test(line)) return { kind: 'caption', rule: 'caption-start' };

  // A credit at the end of the line (a caption's), tested on the tail alone.
  if (words <= 60) {
    const tail = line.length > TAIL_CHARS ? line.slice(-TAIL_CHARS) : line;
    const paren = tail.lastIndexOf('(');
    if (paren >= 0 && CAPTION_PAREN.test(tail.slice(paren))) return { kind: 'caption', rule: 'credit-in-brackets' };
    const credit = tail.includes(':') ? CREDIT_COLON.exec(tail) : null;
    if (credit && creditIsShort(credit[0])) return { kind: 'caption', rule: 'credit-tail' };
    const at = tail.lastIndexOf('Credit');
    if (
      at >= 0 &&
      (at === 0 || BEFORE_GLUED.test(tail[at - 1]!)) &&
      CREDIT_GLUED.test(tail.slice(at)) &&
      countWords(tail.slice(at)) <= 10
    )
      return { kind: 'caption', rule: 'credit-tail' };
    if (
      AGENCY_LAST_WORDS.has(lastWord(tail)) &&
      AGENCY_TAIL.test(tail) &&
      (words <= 4 || IN_BRACKETS.test(tail) || (words <= 8 && VIA_CREDIT.test(line)))
    )
      return { kind: 'caption', rule: 'agency-credit' };
    if (tail.includes('/') && SLASH_CREDIT.test(tail) && slashCreditIsShort(tail) && !FIXTURE.test(line))
      return { kind: 'caption', rule: 'agency-credit' };
  }
  if (words <= 15 && isAllCaps(line)) return { kind: 'headline', rule: 'all-caps' };
  if (words >= 3 && words <= 15 && isTitleCase(line)) return { kind: 'headline', rule: 'title-case' };
  return undefined;
}

/** "Image: Nicholas Moreau." is a credit; "Photo: the council voted, and then …" is not. */
function creditIsShort(tail: string): boolean {
  const colon = tail.search(/:|\bby\s/);
  const who = tail.slice(colon + 1);
  return countWords(who) <= 8;
}

/** The last word of a line, without the brackets and stops around it: "Images" of "(… Getty Images.)". */
function lastWord(tail: string): string {
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === ')' || tail[end - 1] === '.')) end--;
  let start = end;
  while (start > 0 && tail[start - 1] !== ' ' && tail[start - 1] !== '/' && tail[start - 1] !== '(') start--;
  return tail.slice(start, end);
}

/** "… in Paris Benoit Tessier/Reuters": the part after the last sentence end is a name and an agency. */
function slashCreditIsShort(tail: string): boolean {
  const slash = tail.lastIndexOf('/');
  const before = tail.slice(0, slash);
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('('), lastGluedStop(before));
  return countWords(tail.slice(cut + 1)) <= 12 && !/\p{Ll}\/\p{Ll}/u.test(tail.slice(slash - 1, slash + 2));
}

/** Where a caption's sentence ends glued to its credit ("… hours later.Ezra Acayan / Getty Images"): the stop's index, or -1. */
function lastGluedStop(text: string): number {
  for (let i = text.length - 2; i > 0; i--) {
    const c = text.charCodeAt(i + 1);
    if ((text[i] === '.' || text[i] === '!' || text[i] === '?') && c >= 65 && c <= 90 && text.charCodeAt(i - 1) >= 97)
      return i;
  }
  return -1;
}

/** "ABSTRACT.", "“DIVISIVE, STUPID AND WRONG”": five letters or more, none lowercase ("1300 GMT" is a kick-off time). */
function isAllCaps(line: string): boolean {
  return !HAS_LOWER.test(line) && FIVE_LETTERS.test(line);
}

/** "George Lopez On Why Blacks, Latinos Can’t Fail On TV.": every word capitalised, function words too; not a list of names. */
function isTitleCase(line: string): boolean {
  return (
    !LOWER_WORD.test(line) &&
    TITLE_WORD.test(line) &&
    !line.includes(':') &&
    line.indexOf(',') === line.lastIndexOf(',')
  );
}

export { SHORT_CAPTION, BYLINE };
