import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs, one JSON object a line. Any field named like a token is censored, and
 * the token's value itself is scrubbed from every message, so an error that quotes it
 * (a failed login echoing a header) cannot leak it.
 */
export function createLogger(level: string, secrets: string[] = [], destination?: pino.DestinationStream): Logger {
  const scrub = (s: string) => secrets.reduce((acc, secret) => (secret ? acc.split(secret).join('[token]') : acc), s);
  return pino(
    {
      level,
      base: { app: 'coverage-bot' },
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[token]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (obj) => JSON.parse(scrub(JSON.stringify(obj, errorReplacer))) as Record<string, unknown>,
      },
    },
    destination,
  );
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
}
