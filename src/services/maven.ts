/**
 * Resolves the Java classpath of the embedded Elasticsearch node from `config/elasticsearch-runner/pom.xml` with Maven,
 * once: the result is cached under `.local/` keyed by the pom's hash and re-resolved when the pom changes or a jar has
 * gone from the local Maven repository.
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { NonRetryableError, TransientError } from '../errors.ts';
import {
  fileExists,
  formatDuration,
  isRecord,
  type Logger,
  readJsonFile,
  removeFile,
  writeJsonFile,
} from './common.ts';

export interface ClasspathOptions {
  /** The runner pom (`config/elasticsearch-runner/pom.xml`). */
  readonly pomPath: string;
  /** Where to cache the resolved classpath (`.local/elasticsearch`). */
  readonly cacheDir: string;
  readonly log: Logger;
  /** Limit for the whole Maven run. Default 15 minutes. */
  readonly timeoutMs?: number;
}

interface CachedClasspath {
  readonly pomSha256: string;
  readonly classpath: string[];
  readonly resolvedAt: string;
}

const MAVEN_INSTALL_HINT = 'install Java 17 and Maven (`apt-get install -y openjdk-17-jre-headless maven`)';

/** The jar paths of the runner and its dependencies, resolving them with Maven if needed. */
export async function resolveRunnerClasspath(options: ClasspathOptions): Promise<string[]> {
  const { pomPath, cacheDir, log } = options;
  let pom: string;
  try {
    pom = await readFile(pomPath, 'utf8');
  } catch (error) {
    throw new NonRetryableError(
      `The Elasticsearch runner pom is missing at ${pomPath}: restore config/elasticsearch-runner/pom.xml from git`,
      { pomPath },
      { cause: error },
    );
  }
  const pomSha256 = createHash('sha256').update(pom).digest('hex');
  const cacheFile = join(cacheDir, 'classpath.json');
  const cached = await readJsonFile(cacheFile);
  if (isCachedClasspath(cached) && cached.pomSha256 === pomSha256) {
    const missing = await firstMissing(cached.classpath);
    if (missing === undefined) return cached.classpath;
    log(`elasticsearch: ${missing} is gone from the Maven repository; resolving the classpath again`);
  }

  await mkdir(cacheDir, { recursive: true });
  const outputFile = join(cacheDir, `classpath.${process.pid}.txt`);
  const started = Date.now();
  log(
    'elasticsearch: resolving the Elasticsearch 7.10.2 runner with Maven (the first run downloads ~40 MB; a few minutes at most)',
  );
  try {
    await runMaven(
      [
        '-B',
        '-f',
        pomPath,
        'dependency:build-classpath',
        `-Dmdep.outputFile=${outputFile}`,
        `-Dmdep.pathSeparator=${delimiter}`,
      ],
      dirname(pomPath),
      log,
      options.timeoutMs ?? 15 * 60_000,
    );
    const classpath = (await readFile(outputFile, 'utf8'))
      .trim()
      .split(delimiter)
      .filter((entry) => entry !== '');
    if (classpath.length === 0) {
      throw new NonRetryableError(`Maven resolved an empty classpath from ${pomPath}: check the pom's dependency`, {
        pomPath,
      });
    }
    const entry: CachedClasspath = { pomSha256, classpath, resolvedAt: new Date().toISOString() };
    await writeJsonFile(cacheFile, entry);
    log(`elasticsearch: classpath ready (${classpath.length} jars, ${formatDuration(Date.now() - started)})`);
    return classpath;
  } finally {
    await removeFile(outputFile);
  }
}

async function runMaven(args: string[], cwd: string, log: Logger, timeoutMs: number): Promise<void> {
  const child = spawn('mvn', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  let downloaded = 0;
  let lastReport = Date.now();
  const onLine = (line: string): void => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    if (/^\[INFO\] Downloaded from /.test(line)) {
      downloaded += 1;
      if (downloaded % 100 === 0 || Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`elasticsearch: maven downloaded ${downloaded} files…`);
      }
    } else if (/^\[(ERROR|WARNING)\]/.test(line)) {
      log(`elasticsearch: maven ${line}`);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutMs);
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));

  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new NonRetryableError(
        `Maven (mvn) is not installed, and the embedded Elasticsearch needs it once to fetch its jars: ${MAVEN_INSTALL_HINT}, or set ELASTICSEARCH_URL to a running server`,
        { command: 'mvn' },
        { cause: result.error },
      );
    }
    throw new TransientError(`Could not run mvn: ${result.error.message}`, { command: 'mvn' }, { cause: result.error });
  }
  if (result.code !== 0) {
    const tail = recent.slice(-25).join('\n');
    throw new TransientError(
      timedOut
        ? `Maven did not resolve the Elasticsearch runner within ${formatDuration(timeoutMs)}: check access to Maven Central and retry. Last output:\n${tail}`
        : `Maven failed to resolve the Elasticsearch runner (exit ${result.code ?? result.signal}): check access to Maven Central and retry. Last output:\n${tail}`,
      { command: 'mvn', exitCode: result.code, signal: result.signal },
    );
  }
  if (downloaded > 0) log(`elasticsearch: maven downloaded ${downloaded} files`);
}

async function firstMissing(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    if (!(await fileExists(path))) return path;
  }
  return undefined;
}

function isCachedClasspath(value: unknown): value is CachedClasspath {
  return (
    isRecord(value) &&
    typeof value.pomSha256 === 'string' &&
    Array.isArray(value.classpath) &&
    value.classpath.every((entry) => typeof entry === 'string')
  );
}
