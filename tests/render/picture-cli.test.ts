// `ask --image` and `console --image`: the picture written to a file, named in --json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd } from '../support/cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'coverage-bot-pictures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runToEnd;

describe('pictures on the command line', () => {
  it('ask --json --image writes the timeline as a PNG and names it', () => {
    const file = path.join(dir, 'when.png');
    const r = run(['ask', '--json', '--image', file, '/when ordinance']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).image).toBe(file);
    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBe(900);
  });

  it('says why there is no picture, and exits 1, for an answer without one or a file it cannot write', () => {
    const none = run(['ask', '--image', path.join(dir, 'search.png'), '/search ordinance']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No picture for this answer: /when and /trend draw one');
    const unwritable = run(['ask', '--image', path.join(dir, 'missing', 'x.png'), '/trend hancock']);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/Could not write the picture to .*x\.png: ENOENT/);
  });

  it('the console writes each answer’s picture to its --image file', () => {
    const file = path.join(dir, 'console.png');
    const r = run(['console', '--image', file], '/trend hancock\nexit\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Picture written to ${file}.`);
    expect(PNG.sync.read(readFileSync(file)).height).toBeGreaterThan(100);
  });
});
