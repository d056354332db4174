import type { Command } from '../src/commands/types.ts';
import { ask } from './ask.ts';
import { help } from './help.ts';
import { quote } from './quote.ts';
import { reload } from './reload.ts';
import { search } from './search.ts';
import { sources } from './sources.ts';
import { speakers } from './speakers.ts';
import { trend } from './trend.ts';
import { when } from './when.ts';

/**
 * Every command, listed by hand: the bot registers these, the console and direct
 * messages parse against them, and /help describes them, in this order.
 */
export const commands: readonly Command[] = [ask, search, quote, when, trend, sources, speakers, help, reload];
