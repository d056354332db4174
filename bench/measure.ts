// Small measuring tools shared by the benchmark's parts: percentiles, a stopwatch, memory
// readings and a runner for measurements that need a fresh process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The p-th percentile (0-100) of `values` by nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** p50, p99 and max of latencies in ms. */
export function latency(ms: readonly number[]): Latency {
  return {
    n: ms.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms.length ? Math.max(...ms) : Number.NaN,
  };
}

/** Seconds `f` takes, with its result. */
export async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; s: number }> {
  const start = performance.now();
  const value = await f();
  return { value, s: (performance.now() - start) / 1000 };
}

export interface Memory {
  /** MB (10^6 bytes) above the baseline. */
  heapMB: number;
  rssMB: number;
}

/** After a full collection, so only what is alive counts. Needs `--expose-gc`. */
export function memoryNow(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: run with --expose-gc to measure memory');
  // Twice: the first pass may leave objects with finalizers and weak cells for the second.
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

export function memorySince(base: { heap: number; rss: number }): Memory {
  const now = memoryNow();
  return { heapMB: (now.heap - base.heap) / 1e6, rssMB: (now.rss - base.rss) / 1e6 };
}

const PROJECT = fileURLToPath(new URL('../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * Runs one bench/child.ts task in a fresh Node process (so nothing measured earlier
 * lingers in its heap) and returns the JSON object it prints last. Its stderr goes
 * through to ours, as progress.
 */
export function runChild<T>(task: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, task, ...args], {
      cwd: PROJECT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bench: child "${task}" exited with ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench: child "${task}" printed no JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

/**
 * The machine's CPU time so far, from Linux's /proc/stat: all of it, and the part the
 * hypervisor gave to other guests ("steal"); undefined elsewhere.
 */
export function cpuTimes(): { total: number; steal: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7]! };
  } catch {
    return undefined;
  }
}

/** The share of CPU time stolen between two readings, in percent. */
export function stolenPercent(from: ReturnType<typeof cpuTimes>, to: ReturnType<typeof cpuTimes>): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return (100 * (to.steal - from.steal)) / (to.total - from.total);
}

/** A full garbage collection, without starting node with --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Progress goes to stderr, so that `--json` output stays one clean object on stdout. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
