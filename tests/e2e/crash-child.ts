// An admin's /corpus add file: through the loopback Discord, in a process of its own that
// stops dead at a named step of the write: the parent test kills it there (SIGKILL, as a
// crash or an OOM kill would) and reads the folder.
// Usage: node --import tsx crash-child.ts DIR STEP
import { curationDefinitions } from '../../commands/corpus.ts';
import { commands } from '../../commands/index.ts';
import { syncCommands } from '../../src/runtime/deploy.ts';
import { fixedUser, startBot } from '../support/bot.ts';
import { markdownArticle } from '../support/corpus.ts';

export const ADDED_BODY = 'The council approved the zoning plan on Monday night.\n'.repeat(2000);

const [dir = '', stopAt = ''] = process.argv.slice(2);
if (dir !== '') {
  const admin = fixedUser('100000000000000001', 'admin');
  const b = await startBot({
    corpusDir: dir,
    engineThread: false,
    config: { ADMIN_USER_IDS: [admin.id] },
    curation: {
      step: async (step) => {
        if (step !== stopAt) return;
        process.stdout.write(`AT ${step}\n`);
        setInterval(() => undefined, 1_000);
        await new Promise(() => undefined);
      },
    },
  });
  const d = b.discord;
  await syncCommands(
    commands,
    { token: d.token, applicationId: d.applicationId, guildId: d.guildId, restApi: d.restUrl },
    { also: curationDefinitions },
  );
  const file = markdownArticle(
    { id: 'c', title: 'Council passes the zoning plan', url: 'https://example.com/c' },
    ADDED_BODY,
  );
  const asked = await d.interaction({
    type: 'command',
    name: 'corpus',
    subcommand: 'add',
    user: admin,
    attachments: { file: { filename: 'c.md', data: Buffer.from(file), contentType: 'text/markdown' } },
  } as never);
  await asked.response();
  await asked.edits();
  const preview = asked.record.original!;
  const rows = (preview as unknown as { components?: Array<{ components: Array<{ custom_id?: string }> }> }).components;
  const add = (rows ?? [])
    .flatMap((row) => row.components.map((c) => c.custom_id ?? ''))
    .find((id) => id.startsWith('corpus:add'));
  if (!add) throw new Error(`crash-child: no Add button on the preview: ${JSON.stringify(preview)}`);
  const pressed = await d.interaction({ type: 'button', customId: add, message: preview, user: admin });
  await pressed.response();
  const [done] = (await pressed.edits()) as Array<{ content?: string }>;
  process.stdout.write(`DONE ${JSON.stringify(done?.content ?? '')}\n`);
  await b.stop();
  process.exit(0);
}
