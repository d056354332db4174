import type { Engine } from '../engine/engine.ts';

/** Discord shows at most 25 choices; a choice's name and value hold at most 100 characters. */
export const MAX_CHOICES = 25;
export const MAX_CHOICE_LENGTH = 100;

/** Topics from the index that complete what the user has typed so far. */
export function topicChoices(engine: Engine, typed: string): Array<{ name: string; value: string }> {
  const text = typed.trim().slice(0, MAX_CHOICE_LENGTH);
  if (text === '') return [];
  const seen = new Set<string>();
  const out: Array<{ name: string; value: string }> = [];
  for (const suggestion of engine.suggestTerms(text, MAX_CHOICES)) {
    const value = suggestion.slice(0, MAX_CHOICE_LENGTH);
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ name: value, value });
  }
  return out;
}
