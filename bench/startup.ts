/**
 * Start-up cost of the installed command, measured beside `node -e 0` in the same run: `claimwire --help`,
 * `claimwire extract` of one saved page, and a worker from spawn to "running" (which includes its Redis and
 * Elasticsearch checks; set ELASTICSEARCH_URL to an Elasticsearch that is up, or the worker figure is skipped; its
 * indices exist after the warm-up run, as on any restart, and are deleted at the end).
 * Each command runs `--runs` times (default 7); the median and the fastest are printed, in seconds.
 * Targets (issue 12): --help ≤ 0.35 s, extract ≤ 0.8 s, worker ready ≤ 1 s plus the service checks.
 * `--compare DIR` measures another checkout's bin/claimwire.js in the same run, runs interleaved, so a busy machine
 * slows both alike (e.g. a clone of the commit before the compiled build, to show before and after).
 *
 * usage: npm run bench:startup [-- --runs 7] [--compare DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { packageRoot } from '../src/paths.ts';
import { connectProducer } from '../src/queue/connection.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import { deleteIndices, indexNames } from '../src/store/indices.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, compare: { type: 'string' } } });
const RUNS = Number(values.runs);
const ROOT = packageRoot();
const SAMPLE = path.join(ROOT, 'samples', 'apt10-symantec-2020.html');
const BINS = [ROOT, ...(values.compare ? [path.resolve(values.compare)] : [])].map((dir) =>
  path.join(dir, 'bin', 'claimwire.js'),
);

function timeOnce(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return seconds;
}

/** One prefix for every worker of this run: its indices and Redis keys are deleted at the end. */
const PREFIX = `bench-startup-${randomBytes(3).toString('hex')}`;

async function workerReadyOnce(bin: string): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'worker', '--no-schedule'], {
    env: { ...process.env, CLAIMWIRE_INDEX_PREFIX: PREFIX },
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
  return `${label.padEnd(48)} median ${median.toFixed(3)} s   fastest ${(sorted[0] ?? Number.NaN).toFixed(3)} s${verdict}`;
}

/** Each of `f`'s variants `RUNS` times, interleaved (after one warm-up run each). */
const measure = async (variants: (() => number | Promise<number>)[]): Promise<number[][]> => {
  for (const f of variants) await f(); // warm the file system cache
  const times: number[][] = variants.map(() => []);
  for (let i = 0; i < RUNS; i++) for (const [j, f] of variants.entries()) times[j]?.push(await f());
  return times;
};

const report = async (label: string, run: (bin: string) => number | Promise<number>, target?: number) => {
  const times = await measure(BINS.map((bin) => () => run(bin)));
  for (const [i, bin] of BINS.entries()) {
    const where = BINS.length > 1 ? ` [${path.dirname(path.dirname(bin))}]` : '';
    console.log(summary(`${label}${where}`, times[i] ?? [], target));
  }
};

console.log(
  `bench:startup: node ${process.version}, ${RUNS} runs each, ${BINS.join(' vs ')}, load ${os.loadavg()[0]?.toFixed(1)}`,
);
console.log(summary('node -e 0', (await measure([() => timeOnce(['-e', '0'])]))[0] ?? []));
await report('claimwire --help', (bin) => timeOnce([bin, '--help']), 0.35);
await report('claimwire extract one.html', (bin) => timeOnce([bin, 'extract', SAMPLE]), 0.8);
if (process.env.ELASTICSEARCH_URL) {
  try {
    await report('claimwire worker (until ready)', workerReadyOnce);
  } finally {
    await removePrefix(process.env.ELASTICSEARCH_URL);
  }
} else {
  console.log('claimwire worker: skipped (set ELASTICSEARCH_URL to an Elasticsearch that is up)');
}

async function removePrefix(url: string): Promise<void> {
  const settings = loadSettings();
  const { client } = await connectElasticsearch({ url });
  await deleteIndices(client, indexNames(PREFIX));
  await client.close();
  const redis = await connectProducer(settings.REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}
