import { writeFile } from 'node:fs/promises';
import type { Answer } from '../../answers/types.ts';
import { renderPicture } from './index.ts';

/**
 * Writes an answer's picture to `file` for the console and `ask --image`: the path on
 * success, or a sentence saying why there is none (an answer without a picture, a file
 * that cannot be written).
 */
export async function writePicture(
  answer: Answer,
  file: string,
): Promise<{ ok: true; file: string } | { ok: false; error: string }> {
  const picture = renderPicture(answer);
  if (!picture)
    return { ok: false, error: `No picture for this answer: /when and /trend draw one when they find something.` };
  try {
    await writeFile(file, picture.png);
    return { ok: true, file };
  } catch (e) {
    return {
      ok: false,
      error: `Could not write the picture to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    };
  }
}
