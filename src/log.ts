/**
 * Logs for operators: leveled JSON lines (pino) on stderr from the worker and the API, one object per event with its
 * context as fields (a job's child logger carries stage, job id, batch and URL host). A CLI command that runs workers
 * in process (`ingest --work`, `demo`) asks for `human` lines instead: the message and its context, as before.
 */
import { pino } from 'pino';
import type { Settings } from '../config/settings.ts';

export type Logger = pino.Logger;
export type LogLevel = Settings['CLAIMWIRE_LOG_LEVEL'];

export interface LoggerOptions {
  level?: LogLevel;
  /** Which program logs (worker, api): the `name` field of every line. */
  name: string;
  /** `message  key=value …` lines for a person at a terminal instead of JSON. */
  human?: boolean;
  /** Where lines go (default stderr); for tests. */
  write?: (line: string) => void;
}

const write = (line: string) => process.stderr.write(line);

export function createLogger(options: LoggerOptions): Logger {
  const out = options.write ?? write;
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: options.human ? (json: string) => out(humanLine(json)) : out },
  );
}

/** A logger that drops everything: the default of code run in process by tests and benchmarks. */
export const silentLogger: Logger = pino({ level: 'silent' });

const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

function humanLine(json: string): string {
  const o = JSON.parse(json) as Record<string, unknown>;
  const err = o.err as { message?: string } | undefined;
  const context = Object.entries(o)
    .filter(([k, v]) => !HIDDEN.has(k) && k !== 'err' && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const level = o.level === 'info' ? '' : `${String(o.level)}: `;
  return `${level}${String(o.msg ?? '')}${err?.message ? `: ${err.message}` : ''}${context ? `  (${context})` : ''}\n`;
}

let processLogger: Logger = silentLogger;

/**
 * The logger of this process's entry point (worker, API), for the few places that have no logger handed to them:
 * the error events of long-lived Redis connections and queues. Silent until an entry point sets it.
 */
export function setProcessLogger(logger: Logger): void {
  processLogger = logger;
}

const lastLogged = new Map<string, { at: number; suppressed: number }>();

/**
 * Logs a connection-level error at warn, at most once per `key` every 10 s (a Redis that is down fails every
 * reconnect attempt, on every connection), with how many were held back since.
 */
export function warnThrottled(key: string, error: Error, message: string): void {
  const now = Date.now();
  const last = lastLogged.get(key);
  if (last && now - last.at < 10_000) {
    last.suppressed++;
    return;
  }
  processLogger.warn({ err: error, ...(last?.suppressed ? { suppressed: last.suppressed } : {}) }, message);
  lastLogged.set(key, { at: now, suppressed: 0 });
}

/** The URL's host for a log field (never the path or query, which may hold tokens). */
export function hostOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
