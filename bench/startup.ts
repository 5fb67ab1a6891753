/**
 * Start-up cost of the installed command, measured beside `node -e 0` in the same run: `claimwire --help`,
 * `claimwire extract` of one saved page, and a worker from spawn to "running" (which includes its Redis and
 * Elasticsearch checks; set ELASTICSEARCH_URL to an Elasticsearch that is up, or the worker figure is skipped).
 * Each command runs `--runs` times (default 7); the median and the fastest are printed, in seconds.
 * Targets (issue 12): --help ≤ 0.35 s, extract ≤ 0.8 s, worker ready ≤ 1 s plus the service checks.
 *
 * usage: npm run bench:startup [-- --runs 7]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/paths.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(values.runs);
const ROOT = packageRoot();
const BIN = path.join(ROOT, 'bin', 'claimwire.js');
const SAMPLE = path.join(ROOT, 'samples', 'apt10-symantec-2020.html');

function timeOnce(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return seconds;
}

async function workerReadyOnce(): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'worker', '--no-schedule'], {
    env: { ...process.env, CLAIMWIRE_INDEX_PREFIX: `bench-startup-${randomBytes(3).toString('hex')}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const seconds = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      log += String(d);
      if (log.includes('worker: running')) resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code} before it was ready: ${log}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return seconds;
}

function summary(label: string, times: number[], target?: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const verdict =
    target === undefined ? '' : median <= target ? `  (target ≤ ${target} s: met)` : `  (target ≤ ${target} s: MISSED)`;
  return `${label.padEnd(34)} median ${median.toFixed(3)} s   fastest ${(sorted[0] ?? Number.NaN).toFixed(3)} s${verdict}`;
}

const measure = async (f: () => number | Promise<number>): Promise<number[]> => {
  await f(); // warm the file system cache
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await f());
  return times;
};

console.log(`bench:startup: node ${process.version}, ${RUNS} runs each, ${BIN}`);
console.log(summary('node -e 0', await measure(() => timeOnce(['-e', '0']))));
console.log(summary('claimwire --help', await measure(() => timeOnce([BIN, '--help'])), 0.35));
console.log(summary('claimwire extract one.html', await measure(() => timeOnce([BIN, 'extract', SAMPLE])), 0.8));
if (process.env.ELASTICSEARCH_URL) {
  console.log(summary('claimwire worker (until ready)', await measure(workerReadyOnce)));
} else {
  console.log('claimwire worker: skipped (set ELASTICSEARCH_URL to an Elasticsearch that is up)');
}
