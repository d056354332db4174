import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs, one JSON object a line. Any field named like a token is censored, and
 * the token's value itself is scrubbed from every message and every error (its message,
 * stack and whatever it carries), so an error that quotes it (a failed login echoing a
 * header) cannot leak it. Plain lines of ids and numbers are written as they are: the
 * scrubbing is paid only where text from elsewhere can appear.
 */
export function createLogger(level: string, secrets: string[] = [], destination?: pino.DestinationStream): Logger {
  const wanted = secrets.filter(Boolean);
  const scrub = (s: string) =>
    wanted.reduce((acc, secret) => (acc.includes(secret) ? acc.split(secret).join('[token]') : acc), s);
  const deep = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) {
      const { name, message, stack, ...rest } = value as Error & Record<string, unknown>;
      return {
        type: name,
        message: scrub(message),
        stack: stack && scrub(stack),
        ...(deep(rest, depth + 1) as object),
      };
    }
    if (Array.isArray(value)) return value.map((v) => deep(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, depth + 1)]));
  };
  return pino(
    {
      level,
      base: { app: 'coverage-bot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'DISCORD_TOKEN',
          '*.DISCORD_TOKEN',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[token]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (obj) => {
          // Only text can carry a token: strings and errors, at any depth.
          let risky = false;
          for (const v of Object.values(obj))
            if (typeof v === 'string' ? v.length >= 20 : v !== null && typeof v === 'object') risky = true;
          return risky && wanted.length > 0 ? (deep(obj) as Record<string, unknown>) : obj;
        },
      },
    },
    destination,
  );
}
