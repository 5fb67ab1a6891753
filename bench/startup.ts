/**
 * Start-up cost of the installed command, measured beside `node -e 0` in the same run: `claimwire --help`,
 * `claimwire extract` of one saved page, and a worker from spawn to "running" (which includes its Redis and
 * Elasticsearch checks; set ELASTICSEARCH_URL to an Elasticsearch that is up, or the worker figure is skipped; its
 * indices exist after the warm-up run, as on any restart, and are deleted at the end).
 * Each command runs `--runs` times (default 7); the median and the fastest wall time are printed, in seconds, and the
 * median CPU time (user + system) of the process: on a machine other work keeps busy the wall time waits for a core,
 * the CPU time much less so. The load average is printed with them.
 * Targets (issue 12): --help ≤ 0.35 s, extract ≤ 0.8 s, worker ready ≤ 1 s plus the service checks (the worker logs
 * how long they took, `servicesMs`; printed beside its figures).
 * `--compare DIR` measures another checkout's bin/claimwire.js in the same run, runs interleaved, so a busy machine
 * slows both alike (e.g. a clone of the commit before the compiled build, to show before and after).
 *
 * usage: npm run bench:startup [-- --runs 7] [--compare DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** Wall and CPU (user + system) seconds of one run. */
interface Timing {
  wall: number;
  cpu: number;
  /** A worker's Redis and Elasticsearch checks (from its log), which its target leaves out. */
  services?: number;
}

/**
 * Preloaded into each timed command: writes the process's CPU time to stderr as it exits (one data: URL module, about
 * a millisecond; `node -e 0` gets it too, so the baseline pays it alike).
 */
const CPU_REPORT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})`;

function timeOnce(args: string[]): Timing {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', CPU_REPORT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  const cpu = Number(/cpu-us (\d+)/.exec(String(r.stderr))?.[1] ?? Number.NaN) / 1e6;
  return { wall, cpu };
}

/** CPU seconds (user + system) a live process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSoFar(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After the command name: state is field 3, utime and stime fields 14 and 15 (in clock ticks, 100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One prefix for every worker of this run: its indices and Redis keys are deleted at the end. */
const PREFIX = `bench-startup-${randomBytes(3).toString('hex')}`;

async function workerReadyOnce(bin: string): Promise<Timing> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'worker', '--no-schedule'], {
    env: { ...process.env, CLAIMWIRE_INDEX_PREFIX: PREFIX },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const timing = await new Promise<Timing>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      log += String(d);
      if (log.includes('worker: running'))
        resolve({
          wall: Number(process.hrtime.bigint() - started) / 1e9,
          cpu: cpuSoFar(child.pid),
          services: Number(/"servicesMs":(\d+)/.exec(log)?.[1] ?? Number.NaN) / 1000,
        });
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code} before it was ready: ${log}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return timing;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function summary(label: string, times: Timing[], target?: number): string {
  const wall = median(times.map((t) => t.wall));
  const fastest = Math.min(...times.map((t) => t.wall));
  const cpu = median(times.map((t) => t.cpu));
  const verdict =
    target === undefined ? '' : wall <= target ? `  (target ≤ ${target} s: met)` : `  (target ≤ ${target} s: MISSED)`;
  const services = median(times.flatMap((t) => (t.services === undefined ? [] : [t.services])));
  const checks = Number.isNaN(services) ? '' : `   of which service checks ${services.toFixed(3)} s`;
  return `${label.padEnd(48)} median ${wall.toFixed(3)} s   fastest ${fastest.toFixed(3)} s   CPU ${cpu.toFixed(3)} s${checks}${verdict}`;
}

/** Each of `f`'s variants `RUNS` times, interleaved (after one warm-up run each). */
const measure = async (variants: (() => Timing | Promise<Timing>)[]): Promise<Timing[][]> => {
  for (const f of variants) await f(); // warm the file system cache
  const times: Timing[][] = variants.map(() => []);
  for (let i = 0; i < RUNS; i++) for (const [j, f] of variants.entries()) times[j]?.push(await f());
  return times;
};

const report = async (label: string, run: (bin: string) => Timing | Promise<Timing>, target?: number) => {
  const times = await measure(BINS.map((bin) => () => run(bin)));
  for (const [i, bin] of BINS.entries()) {
    const where = BINS.length > 1 ? ` [${path.dirname(path.dirname(bin))}]` : '';
    console.log(summary(`${label}${where}`, times[i] ?? [], target));
  }
};

const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${os.availableParallelism()} cores`;
console.log(`bench:startup: node ${process.version}, ${RUNS} runs each, ${BINS.join(' vs ')}, ${load()}`);
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
console.log(`bench:startup: done, ${load()}`);

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
