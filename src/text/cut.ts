/**
 * Shortens `text` to at most `max` characters without cutting a word: at the last
 * sentence end that keeps at least half of the room, else at the last space, then adds
 * "…". Text that fits is returned unchanged. A cut text is still a prefix of the original
 * (plus the ellipsis), so an excerpt stays verbatim.
 */
export function cutAtBoundary(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  let cut = -1;
  for (const m of room.matchAll(/[.!?]["'”’)\]]*(?=\s)/g)) cut = m.index + m[0].length;
  if (cut < room.length / 2) cut = room.search(/\s\S*$/);
  if (cut <= 0) cut = room.length;
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
  return text.slice(0, cut).trimEnd() + '…';
}
