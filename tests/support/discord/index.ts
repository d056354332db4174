// A Discord that runs on 127.0.0.1 inside the tests, for the real discord.js client.
export {
  startLoopbackDiscord,
  LoopbackDiscord,
  type Faults,
  type InteractionHandle,
  type MessageOptions,
  type ChannelOptions,
} from './server.ts';
export type { LoopbackDiscordOptions, RecordedRequest, Violation, InteractionRecord } from './state.ts';
export type { RateLimitFault, ServerErrorFault } from './rest.ts';
export type { GatewayLogEntry } from './gateway.ts';
export {
  MEMBER_PERMISSIONS,
  APP_PERMISSIONS,
  BOT_PERMISSIONS,
  type InteractionSpec,
  type InteractionContext,
} from './payloads.ts';
export { checkBody, MAX_MESSAGE_LENGTH, MAX_EMBED_TOTAL, MAX_CHOICE_LENGTH, MAX_COMMAND_TOTAL } from './validate.ts';
