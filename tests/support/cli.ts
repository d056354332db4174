// The real `coverage-bot` entry point as a child process, for the tests that drive it.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/coverage-bot.js', import.meta.url));
/** Shaped like a real bot token (three dot-separated parts), as the config insists. */
export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.loopback-secret-token-value';

export interface Run {
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  /** Sends `signal` unless the process has already ended. */
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs `coverage-bot ARGS` in `cwd` with exactly `env` (plus PATH), so no .env or outside setting leaks in. */
export function runCli(args: string[], cwd: string, env: Record<string, string>): Run {
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    exited,
    output: () => output,
    kill: (signal) => void (proc.exitCode === null && proc.signalCode === null && proc.kill(signal)),
  };
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `coverage-bot ARGS` in the project folder to the end, as `npx coverage-bot` does,
 * with this process's environment less DISCORD_TOKEN and CORPUS_DIR.
 */
export function runToEnd(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DISCORD_TOKEN;
  delete env.CORPUS_DIR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
