import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { Engine } from '../../src/engine/engine.ts';

export const BUILT_IN = fileURLToPath(new URL('../../corpus/', import.meta.url));

let cached: Promise<Engine> | undefined;
/** The engine over the built-in coverage, built once per test file. */
export function builtInEngine(): Promise<Engine> {
  cached ??= loadCorpus(BUILT_IN).then(({ articles, errors }) => {
    if (errors.length > 0) throw new Error(`built-in corpus has errors: ${JSON.stringify(errors)}`);
    return Engine.build(articles);
  });
  return cached;
}

/** A throwaway corpus folder holding `files` (name → contents); removed by the returned function. */
export async function tempCorpus(
  files: Record<string, string | Buffer>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coverage-bot-'));
  for (const [name, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A valid Markdown article with `fields` overriding the front matter (null drops a key). */
export function markdownArticle(
  fields: Record<string, string | null> = {},
  body = 'Denver passed an ordinance Monday.\n',
): string {
  const base: Record<string, string | null> = {
    id: 'test-article',
    title: 'A test article',
    outlet: 'The Test Gazette',
    published: '2020-01-02',
    url: 'https://example.com/test',
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}`;
}
