/** Small helpers shared by the local-service managers: logging, processes, files, HTTP. */

import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Receives human-readable progress lines (the CLI prints them; tests may collect them). */
export type Logger = (line: string) => void;

export const silentLogger: Logger = () => {};

/** True if a process with this pid exists and is not a zombie. */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
    return false;
  }
  const state = await processState(pid);
  return state !== 'Z' && state !== 'X';
}

/** The process's command line as an argument array, or `null` where /proc is unavailable. */
export async function processCommandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part !== '');
  } catch {
    return null;
  }
}

async function processState(pid: number): Promise<string | null> {
  try {
    const raw = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ..." — comm may contain spaces and parentheses, so read after the last ')'.
    return raw.slice(raw.lastIndexOf(')') + 2, raw.lastIndexOf(')') + 3) || null;
  } catch {
    return null;
  }
}

/** Sends `signal`, then polls until the process is gone or `timeoutMs` passes. Returns whether it is gone. */
export async function signalAndWait(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isProcessAlive(pid))) return true;
    await sleep(100);
  }
  return !(await isProcessAlive(pid));
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Returns how it ended. */
export async function terminate(pid: number, graceMs: number): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!(await isProcessAlive(pid))) return 'not-running';
  if (await signalAndWait(pid, 'SIGTERM', graceMs)) return 'terminated';
  await signalAndWait(pid, 'SIGKILL', 5_000);
  return 'killed';
}

/** The last `lines` lines of a text file ('' if it does not exist). Reads at most the last 64 KiB. */
export async function tailFile(path: string, lines = 40): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, path);
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** GET a JSON document with a timeout; `undefined` if nothing answers or the answer is not JSON. */
export async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, body: text };
    }
  } catch {
    return undefined;
  }
}

export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
