import { createInterface } from 'node:readline/promises';
import { commands } from '../commands/index.ts';
import { answerLine } from './answers/answer.ts';
import { openCorpus } from './corpus/open.ts';
import { toTerminal } from './render/terminal.ts';
import { EngineHolder } from './runtime/holder.ts';
import { linesSetAside } from './text/clean.ts';

/**
 * The local console: the bot's commands typed in a terminal, answered exactly as the bot
 * answers them. Reads lines until `exit`, `quit` or end of input.
 */
export async function runConsole({
  corpusDir,
  local,
  image,
}: {
  corpusDir: string;
  local: boolean;
  /** Where to write each answer's picture (timelines, trends), overwriting the last. */
  image?: string | undefined;
}): Promise<number> {
  const { engine } = await openCorpus(corpusDir, { log: (m) => console.error(m) });
  // The person at the terminal is the admin of this copy: /reload re-reads the folder.
  const holder = new EngineHolder(engine, corpusDir);
  const color = process.stdout.isTTY === true;
  const where = `${holder.engine.articles.length} articles, ${holder.engine.passages.length} passages, ${linesSetAside(holder.engine.cleaned.values())} lines set aside as furniture`;
  console.log(
    local
      ? `Local console on the coverage in ${corpusDir} (${where}); not connected to Discord: set DISCORD_TOKEN (see .env.example) and run npm start to connect. Type /help, or exit.`
      : `coverage-bot console on ${corpusDir} (${where}). Type /help, or exit.`,
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  rl.setPrompt('> ');
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit' || line === '/exit') break;
    if (line !== '') {
      const answered = await answerLine(line, { engine: holder.engine, commands, reload: () => holder.reload() });
      console.log(answered.ok ? toTerminal(answered.answer, { color, limit: 5 }) : answered.error);
      if (answered.ok && image !== undefined) {
        const { writePicture } = await import('./render/picture/file.ts');
        const written = await writePicture(answered.answer, image);
        if (written.ok) console.log(`\nPicture written to ${written.file}.`);
      }
    }
    rl.prompt();
  }
  rl.close();
  return 0;
}
