import type { Answer, ExcerptItem, SourceRef } from '../answers/types.ts';

export interface TerminalOptions {
  /** Mark matched words in bold with ANSI codes. */
  color: boolean;
  /** How many excerpts to show before saying how many more there are. */
  limit: number;
}

const BOLD = '\u001B[1m';
const DIM = '\u001B[2m';
const RESET = '\u001B[0m';

/** The answer as the console shows it. */
export function toTerminal(answer: Answer, { color, limit }: TerminalOptions): string {
  const b = (s: string) => (color ? BOLD + s + RESET : s);
  const d = (s: string) => (color ? DIM + s + RESET : s);
  const out: string[] = [b(answer.title)];
  switch (answer.kind) {
    case 'excerpts': {
      // /ask: "Answer" over the first item, "More from the coverage" over the rest; a
      // question the coverage does not answer says so before the closest passages.
      if (answer.ask && !answer.ask.answered && answer.message) out.push('', answer.message);
      answer.items.slice(0, limit).forEach((item, i) => {
        const heading = askHeading(answer, i);
        if (heading) out.push('', b(heading));
        out.push('', `${i + 1}. ${label(item)}${excerptText(item, b)}`, d(`   ${cite(item.source)}`));
        for (const s of item.alsoIn) out.push(d(`   also in ${cite(s)}`));
      });
      const more = answer.items.length - limit;
      if (more > 0) out.push('', `…and ${more} more. Narrow the question, or add --json to see them all.`);
      break;
    }
    case 'sources':
      for (const { source, passages } of answer.items)
        out.push(
          '',
          `${source.published}  ${b(source.title)}`,
          `   ${source.outlet} · ${passages} passages · ${source.url}`,
        );
      break;
    case 'help':
      for (const h of answer.items) out.push('', `${b(h.usage)}  ${h.description}`, `   e.g. ${h.example}`);
      break;
    case 'notice':
      break;
    case 'trend':
      for (const p of answer.items) {
        const by = answer.trend.outlets.map((o, k) => (p.counts[k] ? `${o} ${p.counts[k]}` : '')).filter(Boolean);
        out.push('', `${b(p.label)}: ${p.total} article${p.total === 1 ? '' : 's'} (${by.join(', ')})`);
        if (p.busiest) out.push(d(`   busiest: ${cite(p.busiest)}`));
      }
      break;
    case 'speakers':
      for (const s of answer.items)
        out.push(`- ${b(s.name)}${s.role ? `, ${s.role}` : ''} (${s.quotes} quotes, ${s.paraphrases} paraphrased)`);
      break;
  }
  if (answer.message && !(answer.ask && !answer.ask.answered)) out.push('', answer.message);
  return out.join('\n');
}

/** The fixed frame of an /ask reply above item `i`, if any. */
export function askHeading(answer: Answer, i: number): string | undefined {
  if (!answer.ask) return undefined;
  if (!answer.ask.answered) return i === 0 && answer.items.length > 0 ? 'Closest passages (not an answer)' : undefined;
  return i === 0 ? 'Answer' : i === 1 ? 'More from the coverage' : undefined;
}

function label(item: ExcerptItem): string {
  const parts: string[] = [];
  if (item.dateLabel) parts.push(`[${item.dateLabel}${item.scheduled ? ', scheduled' : ''}] `);
  if (item.speaker) parts.push(`${item.speaker}${item.kind === 'paraphrase' ? ' (paraphrased)' : ''}: `);
  return parts.join('');
}

function excerptText(item: ExcerptItem, bold: (s: string) => string): string {
  const text = item.excerpt;
  let out = '';
  let at = 0;
  for (const [s, e] of item.highlights) {
    out += text.slice(at, s) + bold(text.slice(s, e));
    at = e;
  }
  out += text.slice(at);
  const flat = out.replace(/(?<!\s)\s*\n\s*/g, ' ');
  // Only a direct quote is shown in quote marks; a paraphrase is the reporter's words.
  // An /ask item around a quote shows the paragraph, quote marks and all.
  return item.kind === 'direct' && !/^[“"‘]/.test(text) ? `“${flat}”` : flat;
}

function cite(s: SourceRef): string {
  return `— ${s.outlet}, ${s.published}: ${s.title} <${s.url}>`;
}
