import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * A subcommand's arguments parsed by `node:util`'s parseArgs, or undefined after printing
 * what was wrong and the usage (the caller exits 2).
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
  command: string,
  usage: string,
): ReturnType<typeof parseArgs<T>> | undefined {
  try {
    return parseArgs(config);
  } catch (err) {
    console.error(`${command}: ${(err as Error).message}\n${usage}`);
    return undefined;
  }
}
