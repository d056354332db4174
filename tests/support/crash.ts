// Runs a child script that stops dead at a named step (it prints "AT <step>"), and kills it
// there with SIGKILL, as a crash or an OOM kill would: for the crash tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `node --import tsx SCRIPT ...args`, killed once it reports reaching `step`. Resolves
 * 'killed', or the standard output of a run that ended by itself with exit code 0 (the
 * step was never reached); rejects with the output of any other end.
 */
export function runUntilStep(script: string, args: string[], step: string): Promise<'killed' | { out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`AT ${step}\n`)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve({ out });
      else reject(new Error(`child exited ${code}: ${out}${err}`));
    });
  });
}
