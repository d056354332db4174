import { appendFile, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CHANGES_FILE } from '../corpus/load.ts';

/** One change to a corpus folder, as the changes file keeps it (one JSON object a line). */
export interface Change {
  /** When, ISO 8601 (UTC). */
  at: string;
  /** Who asked: "discord:<user id> (<name>)", "cli:<user>@<host>". */
  by: string;
  /** `revert`: a change undone because the reload after it refused the folder. */
  action: 'add' | 'replace' | 'remove' | 'restore' | 'revert';
  /** The articles it concerns. */
  ids: string[];
  /** The article file, relative to the corpus folder. */
  file: string;
  /** Where a removed or replaced file was kept, relative to the corpus folder. */
  trash?: string | undefined;
  /** Where an added article came from: the page's address, or the uploaded file's name. */
  source?: string | undefined;
  /** Why, for a revert: what the reload said. */
  note?: string | undefined;
}

/**
 * Appends a change to the folder's changes file. Called with the folder's lock held, so
 * lines never interleave; a line cut short by a crash is ended before the next is added
 * (and skipped by readChanges).
 */
export async function appendChange(dir: string, change: Change): Promise<void> {
  const file = path.join(dir, CHANGES_FILE);
  const last = await lastByte(file);
  await appendFile(file, `${last !== undefined && last !== 0x0a ? '\n' : ''}${JSON.stringify(change)}\n`);
}

/** The folder's changes, newest first, at most `limit`; lines that do not parse are skipped. */
export async function readChanges(dir: string, limit = 50): Promise<Change[]> {
  const raw = await readFile(path.join(dir, CHANGES_FILE), 'utf8').catch(() => '');
  const out: Change[] = [];
  for (const line of raw.split('\n').reverse()) {
    if (out.length >= limit) break;
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as Change);
    } catch {
      // a line cut short by a crash
    }
  }
  return out;
}

async function lastByte(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0];
  } finally {
    await handle.close();
  }
}
