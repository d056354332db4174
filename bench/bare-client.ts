// The bare client of bench/e2e.ts (a discord.js client answering every interaction with a
// fixed text) as a process of its own: `node --import tsx bench/bare-client.ts`, with
// DISCORD_TOKEN and DISCORD_API_URL naming the loopback Discord it connects to.
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  rest: { api: process.env.DISCORD_API_URL! },
});
client.on(Events.InteractionCreate, (i) => {
  if (i.isRepliable()) void i.reply({ content: 'ok', allowedMentions: { parse: [] } }).catch(() => undefined);
});
process.once('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN!);
