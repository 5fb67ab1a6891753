/**
 * The embedded Elasticsearch node used when `ELASTICSEARCH_URL` is unset: real Elasticsearch 7.10.2 (the last
 * Apache-2.0 release) in one JVM via `org.codelibs:elasticsearch-cluster-runner`, with its modules (analysis-common,
 * lang-painless, mapper-extras, percolator, reindex, parent-join, ingest-common, …) and no x-pack.
 *
 * Layout under `<localDir>/elasticsearch/`:
 * - `classpath.json` — the Maven-resolved classpath, keyed by the pom's hash;
 * - `state.json` — pid, port, URL, base path, start time of the running node (written by whoever started it);
 * - `node.log` (and `node.log.1`, the previous run) — the JVM's stdout/stderr;
 * - `cluster/node_1/{config,data,logs}` — the node's files; data survives restarts;
 * - `start.lock` — held while a process starts the node, so two `servicesUp` calls never start two JVMs.
 *
 * The JVM is spawned detached with its output in `node.log`, so it outlives the command that started it; another
 * command stops it through `state.json`.
 */

import { spawn } from 'node:child_process';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { NonRetryableError, TransientError } from '../errors.ts';
import {
  fileExists,
  formatDuration,
  getJson,
  isProcessAlive,
  isRecord,
  type Logger,
  processCommandLine,
  readJsonFile,
  removeFile,
  sleep,
  tailFile,
  terminate,
  writeJsonFile,
} from './common.ts';
import { resolveRunnerClasspath } from './maven.ts';

export const RUNNER_MAIN_CLASS = 'org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner';
export const LOCAL_CLUSTER_NAME = 'claimwire-local';
/** The runner never binds HTTP above this port (its built-in `maxHttpPort`). */
export const RUNNER_MAX_HTTP_PORT = 9299;

export interface LocalElasticsearchOptions {
  /** Absolute; the node lives in `<localDir>/elasticsearch`. */
  readonly localDir: string;
  /** JVM heap, e.g. `1g` or `512m` (used for both -Xms and -Xmx). */
  readonly heap: string;
  /** Preferred HTTP port (≤ 9299); the runner takes the next free one if it is busy. */
  readonly port: number;
  /** `config/elasticsearch-runner/pom.xml`. */
  readonly pomPath: string;
  readonly log: Logger;
  /** From JVM spawn to cluster health yellow. Default 180 000 ms. */
  readonly startTimeoutMs?: number;
  /** For the one-off Maven resolution. Default 15 minutes. */
  readonly mavenTimeoutMs?: number;
  /** Default `java` from PATH. */
  readonly javaCommand?: string;
}

/** `<localDir>/elasticsearch/state.json`. */
export interface LocalNodeState {
  readonly pid: number;
  /** `null` until the runner has printed its HTTP port. */
  readonly port: number | null;
  readonly url: string | null;
  readonly basePath: string;
  readonly logFile: string;
  readonly heap: string;
  readonly clusterName: string;
  readonly startedAt: string;
  /** Pid of the process that started the node. */
  readonly startedBy: number;
}

export interface LocalNodeStatus {
  readonly state: LocalNodeState | undefined;
  readonly alive: boolean;
  readonly paths: LocalElasticsearchPaths;
}

export interface LocalElasticsearchPaths {
  readonly dir: string;
  readonly state: string;
  readonly lock: string;
  readonly log: string;
  readonly basePath: string;
  readonly tmp: string;
}

export function localElasticsearchPaths(localDir: string): LocalElasticsearchPaths {
  const dir = join(localDir, 'elasticsearch');
  return {
    dir,
    state: join(dir, 'state.json'),
    lock: join(dir, 'start.lock'),
    log: join(dir, 'node.log'),
    basePath: join(dir, 'cluster'),
    tmp: join(dir, 'tmp'),
  };
}

/**
 * Makes sure the local node runs and is yellow/green: reuses the one in `state.json` if its pid is alive and it answers,
 * adopts an unrecorded node of ours on the port, else starts one (resolving the classpath with Maven on first use).
 */
export async function ensureLocalElasticsearch(
  options: LocalElasticsearchOptions,
): Promise<{ url: string; started: boolean; pid: number }> {
  validateOptions(options);
  const paths = localElasticsearchPaths(options.localDir);
  await mkdir(paths.dir, { recursive: true });
  const startTimeoutMs = options.startTimeoutMs ?? 180_000;
  const release = await acquireLock(paths.lock, startTimeoutMs + (options.mavenTimeoutMs ?? 15 * 60_000), options.log);
  try {
    const reused = await reuseRunningNode(paths, options, startTimeoutMs);
    if (reused) return { ...reused, started: false };
    return { ...(await startNode(paths, options, startTimeoutMs)), started: true };
  } finally {
    await release();
  }
}

/** Stops the node recorded in `state.json` (SIGTERM, then SIGKILL after `graceMs`) and removes the state file. */
export async function stopLocalElasticsearch(options: {
  localDir: string;
  log: Logger;
  graceMs?: number;
}): Promise<{ stopped: boolean; pid: number | null }> {
  const paths = localElasticsearchPaths(options.localDir);
  const state = await readState(paths.state);
  if (!state) {
    options.log('elasticsearch: no local node recorded; nothing to stop');
    return { stopped: false, pid: null };
  }
  if (!(await isOurNode(state))) {
    options.log(`elasticsearch: the recorded node (pid ${state.pid}) is not running; removing its state file`);
    await removeFile(paths.state);
    return { stopped: false, pid: state.pid };
  }
  const graceMs = options.graceMs ?? 30_000;
  options.log(`elasticsearch: stopping the local node (pid ${state.pid})`);
  const started = Date.now();
  const how = await terminate(state.pid, graceMs);
  if (how === 'killed') {
    options.log(`elasticsearch: the node ignored SIGTERM for ${formatDuration(graceMs)}; killed it (SIGKILL)`);
  } else {
    options.log(`elasticsearch: stopped in ${formatDuration(Date.now() - started)}`);
  }
  await removeFile(paths.state);
  return { stopped: how !== 'not-running', pid: state.pid };
}

/** What `state.json` records and whether that JVM is alive (no HTTP). */
export async function localElasticsearchStatus(localDir: string): Promise<LocalNodeStatus> {
  const paths = localElasticsearchPaths(localDir);
  const state = await readState(paths.state);
  return { state, alive: state ? await isOurNode(state) : false, paths };
}

async function reuseRunningNode(
  paths: LocalElasticsearchPaths,
  options: LocalElasticsearchOptions,
  startTimeoutMs: number,
): Promise<{ url: string; pid: number } | undefined> {
  const state = await readState(paths.state);
  if (state) {
    if (await isOurNode(state)) {
      const url = state.url ?? (await waitForHttpPort(paths.log, state.pid, 30_000));
      options.log(`elasticsearch: reusing the local node at ${url} (pid ${state.pid})`);
      await waitForHealth(url, state.pid, paths.log, startTimeoutMs);
      return { url, pid: state.pid };
    }
    options.log(`elasticsearch: the recorded node (pid ${state.pid}) is gone; starting a new one`);
    await removeFile(paths.state);
  }
  return adoptUnrecordedNode(paths, options);
}

/** A node of ours that answers on the port but lost its state file (e.g. `.local/` partly cleaned). */
async function adoptUnrecordedNode(
  paths: LocalElasticsearchPaths,
  options: LocalElasticsearchOptions,
): Promise<{ url: string; pid: number } | undefined> {
  const url = `http://127.0.0.1:${options.port}`;
  const answer = await getJson(`${url}/_nodes/_local?filter_path=nodes.*.settings.path.home,nodes.*.process.id`, 2_000);
  if (answer?.status !== 200 || !isRecord(answer.body) || !isRecord(answer.body.nodes)) return undefined;
  for (const node of Object.values(answer.body.nodes)) {
    const home =
      isRecord(node) && isRecord(node.settings) && isRecord(node.settings.path) ? node.settings.path.home : '';
    const pid = isRecord(node) && isRecord(node.process) ? node.process.id : undefined;
    if (typeof home !== 'string' || typeof pid !== 'number') continue;
    if (!resolve(home).startsWith(`${resolve(paths.basePath)}/`)) continue;
    options.log(`elasticsearch: adopting the unrecorded local node at ${url} (pid ${pid})`);
    await writeJsonFile(paths.state, {
      pid,
      port: options.port,
      url,
      basePath: paths.basePath,
      logFile: paths.log,
      heap: options.heap,
      clusterName: LOCAL_CLUSTER_NAME,
      startedAt: new Date().toISOString(),
      startedBy: process.pid,
    } satisfies LocalNodeState);
    return { url, pid };
  }
  return undefined;
}

async function startNode(
  paths: LocalElasticsearchPaths,
  options: LocalElasticsearchOptions,
  startTimeoutMs: number,
): Promise<{ url: string; pid: number }> {
  const classpath = await resolveRunnerClasspath({
    pomPath: options.pomPath,
    cacheDir: paths.dir,
    log: options.log,
    ...(options.mavenTimeoutMs === undefined ? {} : { timeoutMs: options.mavenTimeoutMs }),
  });
  const configDir = join(paths.basePath, 'node_1', 'config');
  await mkdir(configDir, { recursive: true });
  await mkdir(paths.tmp, { recursive: true });
  // The runner copies its own elasticsearch.yml only when none exists, so this one is used; rewritten each start.
  await writeFile(join(configDir, 'elasticsearch.yml'), NODE_SETTINGS);
  if (await fileExists(paths.log)) await rename(paths.log, `${paths.log}.1`);

  const java = options.javaCommand ?? 'java';
  const args = [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    '-Djna.nosys=true',
    `-Djava.io.tmpdir=${paths.tmp}`,
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '-Dio.netty.allocator.numDirectArenas=0',
    '-Dlog4j2.formatMsgNoLookups=true',
    '-Dlog4j2.disable.jmx=true',
    // Keep logging through the runner's own shutdown hook (which closes the node), as Elasticsearch's jvm.options do.
    '-Dlog4j.shutdownHookEnabled=false',
    '-Des.distribution.flavor=default',
    '-cp',
    classpath.join(':'),
    RUNNER_MAIN_CLASS,
    '-basePath',
    paths.basePath,
    '-numOfNode',
    '1',
    // The runner binds node N at baseHttpPort + N (or the next free port up to 9299).
    '-baseHttpPort',
    String(options.port - 1),
    '-clusterName',
    LOCAL_CLUSTER_NAME,
  ];

  const logHandle = await open(paths.log, 'a');
  const started = Date.now();
  options.log(`elasticsearch: starting Elasticsearch 7.10.2 (heap ${options.heap}); log: ${paths.log}`);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let pid: number;
  try {
    const child = spawn(java, args, {
      cwd: paths.dir,
      detached: true,
      stdio: ['ignore', logHandle.fd, logHandle.fd],
    });
    pid = await new Promise<number>((resolveSpawn, rejectSpawn) => {
      child.once('error', rejectSpawn);
      child.once('spawn', () => resolveSpawn(child.pid ?? -1));
    }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new NonRetryableError(
        code === 'ENOENT'
          ? `Java is not installed (\`${java}\` not found) and the embedded Elasticsearch needs it: install Java 17 (\`apt-get install -y openjdk-17-jre-headless\`), or set ELASTICSEARCH_URL to a running server`
          : `Could not start ${java}: ${(error as Error).message}`,
        { command: java },
        { cause: error },
      );
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
    });
    child.unref();
  } finally {
    await logHandle.close();
  }

  const baseState: LocalNodeState = {
    pid,
    port: null,
    url: null,
    basePath: paths.basePath,
    logFile: paths.log,
    heap: options.heap,
    clusterName: LOCAL_CLUSTER_NAME,
    startedAt: new Date(started).toISOString(),
    startedBy: process.pid,
  };
  await writeJsonFile(paths.state, baseState);
  try {
    const url = await waitForHttpPort(paths.log, pid, 60_000, () => exit);
    const port = Number(new URL(url).port);
    await writeJsonFile(paths.state, { ...baseState, port, url } satisfies LocalNodeState);
    if (port !== options.port) {
      options.log(`elasticsearch: port ${options.port} was busy; the node took ${port}`);
    }
    const remaining = Math.max(10_000, startTimeoutMs - (Date.now() - started));
    await waitForHealth(url, pid, paths.log, remaining, () => exit);
    options.log(`elasticsearch: up at ${url} (pid ${pid}) in ${formatDuration(Date.now() - started)}`);
    return { url, pid };
  } catch (error) {
    options.log(`elasticsearch: start failed; stopping pid ${pid}`);
    await terminate(pid, 10_000);
    await removeFile(paths.state);
    throw error;
  }
}

/** Reads the runner's `HTTP Port: N` line from the log. */
async function waitForHttpPort(
  logFile: string,
  pid: number,
  timeoutMs: number,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined = () => undefined,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /^HTTP Port:\s+(\d+)/m.exec(await tailFile(logFile, 200));
    if (match) return `http://127.0.0.1:${match[1]}`;
    await assertStillRunning(pid, logFile, exited);
    await sleep(200);
  }
  throw new TransientError(
    `The local Elasticsearch node did not report its HTTP port within ${formatDuration(timeoutMs)}. Log tail (${logFile}):\n${await tailFile(logFile)}`,
    { pid, logFile },
  );
}

async function waitForHealth(
  url: string,
  pid: number,
  logFile: string,
  timeoutMs: number,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    const answer = await getJson(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`, 5_000);
    const status = answer && isRecord(answer.body) ? answer.body.status : undefined;
    if (status === 'yellow' || status === 'green') return;
    if (typeof status === 'string') lastStatus = status;
    await assertStillRunning(pid, logFile, exited);
    await sleep(250);
  }
  throw new TransientError(
    `The local Elasticsearch node at ${url} did not reach yellow health within ${formatDuration(timeoutMs)} (last: ${lastStatus}). Log tail (${logFile}):\n${await tailFile(logFile)}`,
    { url, pid, logFile, lastStatus },
  );
}

async function assertStillRunning(
  pid: number,
  logFile: string,
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined,
): Promise<void> {
  const exit = exited();
  if (exit || !(await isProcessAlive(pid))) {
    const how = exit ? `exit code ${exit.code ?? exit.signal}` : 'gone';
    throw new TransientError(
      `The local Elasticsearch JVM (pid ${pid}) stopped during start-up (${how}). Log tail (${logFile}):\n${await tailFile(logFile)}`,
      { pid, logFile, exitCode: exit?.code ?? null },
    );
  }
}

/** True if the pid is alive and is our runner JVM for this base path (guards against pid reuse). */
async function isOurNode(state: LocalNodeState): Promise<boolean> {
  if (!(await isProcessAlive(state.pid))) return false;
  const commandLine = await processCommandLine(state.pid);
  if (commandLine === null) return true;
  const baseIndex = commandLine.indexOf('-basePath');
  return commandLine.includes(RUNNER_MAIN_CLASS) && commandLine[baseIndex + 1] === state.basePath;
}

async function readState(path: string): Promise<LocalNodeState | undefined> {
  const value = await readJsonFile(path);
  if (!isRecord(value) || typeof value.pid !== 'number' || typeof value.basePath !== 'string') return undefined;
  return value as unknown as LocalNodeState;
}

/** One start at a time across processes: an exclusive-create lock file holding the starter's pid. */
async function acquireLock(path: string, waitMs: number, log: Logger): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      await handle.close();
      return () => removeFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readJsonFile(path);
    const holderPid = isRecord(holder) && typeof holder.pid === 'number' ? holder.pid : undefined;
    if (holderPid === undefined || !(await isProcessAlive(holderPid))) {
      await removeFile(path);
      continue;
    }
    if (Date.now() > deadline) {
      throw new TransientError(
        `Another process (pid ${holderPid}) has been starting the local Elasticsearch node for too long: stop it or remove ${path}, then retry`,
        { lock: path, holderPid },
      );
    }
    if (!announced) {
      log(`elasticsearch: waiting for pid ${holderPid}, which is starting the local node`);
      announced = true;
    }
    await sleep(300);
  }
}

function validateOptions(options: LocalElasticsearchOptions): void {
  if (!isAbsolute(options.localDir)) {
    throw new NonRetryableError(`localDir must be an absolute path, got ${options.localDir}`, {
      localDir: options.localDir,
    });
  }
  if (!/^\d+[kmg]$/i.test(options.heap)) {
    throw new NonRetryableError(`Elasticsearch heap must look like 1g or 512m, got ${JSON.stringify(options.heap)}`, {
      heap: options.heap,
    });
  }
  if (!Number.isInteger(options.port) || options.port < 1025 || options.port > RUNNER_MAX_HTTP_PORT) {
    throw new NonRetryableError(
      `The local Elasticsearch port must be between 1025 and ${RUNNER_MAX_HTTP_PORT} (the runner's limit), got ${options.port}`,
      { port: options.port },
    );
  }
}

const NODE_SETTINGS = `# Written by claimwire (src/services/elasticsearch.ts) at every start of the local node; edits are overwritten.
network.host: 127.0.0.1
# Never look for other nodes: a second checkout's node on this machine would otherwise join this one's cluster.
discovery.type: single-node
# A development node on a nearly full disk must not turn its indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
# Facet and assertion searches (size 0) are answered from the shard request cache when analysts repeat or page a
# search; the default 1% of a 1 GB heap (10 MB) evicted a third of them under bench:search's mix.
indices.requests.cache.size: 5%
`;
