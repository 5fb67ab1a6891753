/**
 * The soak's services, under its control: a Redis of its own (append-only file, fsync on every write, so a restart
 * or a SIGKILL loses nothing acknowledged), worker processes it can kill, and the embedded Elasticsearch it can pause
 * (SIGSTOP) and stop. With an external ELASTICSEARCH_URL it cannot touch the server, so it cuts a proxy instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { localElasticsearchStatus } from '../../src/services/elasticsearch.ts';
import { servicesDown, servicesUp } from '../../src/services/index.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

export class SoakRedis {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100 && !(await portOpen(this.port)); i++) await sleep(100);
    if (!(await portOpen(this.port))) throw new Error(`redis-server on port ${this.port} did not start`);
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    this.child = null;
  }
}

/** Pause, stop and start the Elasticsearch the workers talk to. */
export interface ElasticsearchControl {
  /** The URL workers use. */
  url: string;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  close: () => Promise<void>;
}

/** The soak's own embedded node: started here, paused with SIGSTOP, stopped and started again, stopped at the end. */
export async function embeddedElasticsearch(o: {
  localDir: string;
  redisUrl: string;
  heap: string;
  port: number;
  log: (line: string) => void;
}): Promise<ElasticsearchControl> {
  const up = async () =>
    (await servicesUp({ redisUrl: o.redisUrl, localDir: o.localDir, esHeap: o.heap, esPort: o.port, log: o.log }))
      .elasticsearch.url;
  const url = await up();
  const pid = async () => {
    const s = await localElasticsearchStatus(o.localDir);
    if (!s.state || !s.alive) throw new Error('the embedded Elasticsearch is not running');
    return s.state.pid;
  };
  const stop = async () => {
    await servicesDown({ localDir: o.localDir, stopRedis: false, graceMs: 30_000 });
  };
  return {
    url,
    pause: async () => {
      process.kill(await pid(), 'SIGSTOP');
    },
    resume: async () => {
      process.kill(await pid(), 'SIGCONT');
    },
    stop,
    start: async () => {
      const again = await up();
      if (again !== url) throw new Error(`Elasticsearch came back on ${again}, not ${url}: the workers cannot follow`);
    },
    close: stop,
  };
}

/** `claimwire worker` processes, restarted when they die (as systemd or Kubernetes would). */
export class WorkerPool {
  private readonly children: (ChildProcess | null)[];
  /** Workers this pool SIGKILLed on purpose (their exit is not a failure). */
  private readonly killed = new WeakSet<ChildProcess>();
  private stopping = false;
  kills = 0;
  /** Exits nobody asked for (e.g. a worker that could not reach Elasticsearch while starting). */
  unexpectedExits: string[] = [];

  constructor(
    size: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {
    this.children = Array.from({ length: size }, () => null);
  }

  start(): void {
    for (let i = 0; i < this.children.length; i++) this.spawn(i);
  }

  private spawn(i: number): void {
    if (this.stopping) return;
    const child = spawn(process.execPath, ['bin/claimwire.js', 'worker', '--no-schedule'], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr?.on('data', (d) => {
      tail = (tail + String(d)).slice(-2000);
    });
    child.once('exit', (code, signal) => {
      const killed = this.killed.has(child);
      if (this.children[i] === child) this.children[i] = null;
      if (this.stopping) return;
      if (!killed) {
        const last = tail.trim().split('\n').slice(-2).join(' | ');
        this.unexpectedExits.push(`worker ${i} exited (${signal ?? code}): ${last}`);
        this.log(`worker ${i} exited by itself (${signal ?? code}); restarting in 3 s: ${last}`);
      }
      setTimeout(() => this.spawn(i), killed ? 1500 : 3000);
    });
    this.children[i] = child;
  }

  /** SIGKILL one worker (it is restarted 1.5 s later). */
  killOne(i: number): number | null {
    const child = this.children[i % this.children.length];
    if (!child) return null;
    this.kills++;
    this.killed.add(child);
    child.kill('SIGKILL');
    return child.pid ?? null;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const live = this.children.filter((c): c is ChildProcess => c !== null && c.exitCode === null);
    await Promise.all(
      live.map(
        (c) =>
          new Promise<void>((resolve) => {
            const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
    );
  }
}
