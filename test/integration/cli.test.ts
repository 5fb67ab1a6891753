/**
 * The installed command as a user meets it: every command refuses a mistyped or malformed option with one line that
 * names it, the command's usage and exit 2, never a stack trace; help comes from the same table that parses; a
 * closed stdout ends output quietly; a busy port is named with the way out. Runs `bin/claimwire.js` as a child
 * process (the compiled build when `npm run build` has run, as `npm test` does).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CommandSpec, helpFor } from '../../src/cli/command-line.ts';
import { COMMAND_SPECS } from '../../src/cli/commands.ts';
import { packageRoot } from '../../src/paths.ts';
import { cleanup, type TestEnv, testEnv } from './support.ts';

const ROOT = packageRoot();
const BIN = path.join(ROOT, 'bin', 'claimwire.js');
const SAMPLE = path.join(ROOT, 'samples', 'apt10-symantec-2020.html');

function run(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line, as Node prints them. */
const STACK = /^\s+at .+[:(]/m;

/** A string option of the command, to give without its value. */
const stringOption = (spec: CommandSpec) => Object.entries(spec.options).find(([, o]) => o.type === 'string')?.[0];

describe('claimwire command line', () => {
  it('lists every command, with --version and help CMD', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    for (const spec of COMMAND_SPECS)
      assert.match(help.stdout, new RegExp(`^  ${spec.name} +${spec.summary.slice(0, 20)}`, 'm'));
    const version = run(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  for (const spec of COMMAND_SPECS) {
    describe(spec.name, () => {
      it('refuses an unknown option: one line naming it, the usage, exit 2, no stack trace', () => {
        const r = run([spec.name, '--no-such-option']);
        assert.equal(r.status, 2, r.stderr);
        const [first, second] = r.stderr.split('\n');
        assert.equal(first, `claimwire ${spec.name}: unknown option --no-such-option`);
        assert.equal(second, `usage: claimwire ${spec.name} ${spec.usage[0]}`);
        assert.doesNotMatch(r.stderr, STACK);
        assert.doesNotMatch(r.stderr, /ERR_PARSE_ARGS/);
        assert.equal(r.stdout, '');
      });

      const option = stringOption(spec);
      if (option) {
        it(`refuses --${option} without its value`, () => {
          const r = run([spec.name, `--${option}`]);
          assert.equal(r.status, 2, r.stderr);
          assert.equal(r.stderr.split('\n')[0], `claimwire ${spec.name}: option --${option} needs a value`);
          assert.doesNotMatch(r.stderr, STACK);
        });
      }

      it('prints the same help for --help and help CMD, listing every option of its table', () => {
        const viaFlag = run([spec.name, '--help']);
        const viaHelp = run(['help', spec.name]);
        assert.equal(viaFlag.status, 0, viaFlag.stderr);
        assert.equal(viaHelp.status, 0, viaHelp.stderr);
        assert.equal(viaFlag.stdout, viaHelp.stdout);
        assert.equal(viaFlag.stdout.trimEnd(), helpFor(spec));
        for (const name of Object.keys(spec.options)) assert.match(viaFlag.stdout, new RegExp(`^  --${name}\\b`, 'm'));
      });
    });
  }

  it('suggests the command meant, and exits 2', () => {
    const r = run(['serch', 'APT10']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^claimwire: unknown command "serch" \(did you mean "search"\?\)$/m);
    const option = run(['search', 'APT10', '--limt', '5']);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /unknown option --limt \(did you mean --limit\?\)/);
    const sub = run(['services', 'stauts']);
    assert.equal(sub.status, 2);
    assert.match(sub.stderr, /unknown services subcommand "stauts" \(did you mean "status"\?\)/);
  });

  it('refuses a value given to a switch, and a stray argument', () => {
    const value = run(['ingest', '--wait=yes']);
    assert.equal(value.status, 2);
    assert.match(value.stderr, /^claimwire ingest: option --wait takes no value$/m);
    const stray = run(['serve', 'now']);
    assert.equal(stray.status, 2);
    assert.match(stray.stderr, /^claimwire serve: unexpected argument "now"$/m);
  });

  it('`extract … | head` ends quietly when the reader closes the pipe', async () => {
    const files = Array.from({ length: 12 }, () => SAMPLE);
    const child = spawn(process.execPath, [BIN, 'extract', ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    // Read the first chunk, then close the pipe as `head` does: the rest (several pipe buffers) has nowhere to go.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    assert.equal(signal, null);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'nothing on stderr: no EPIPE trace');
  });
});

describe('claimwire serve on a busy port', () => {
  let t: TestEnv;
  let blocker: net.Server;
  before(async () => {
    t = await testEnv();
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    blocker.close();
    await cleanup(t);
  });

  it('says the port is taken and how to pick another, exit 1', () => {
    const port = (blocker.address() as AddressInfo).port;
    const r = run(['serve', '--port', String(port)], t.env);
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`^claimwire serve: port ${port} on 127\\.0\\.0\\.1 is already in use.*--port N$`, 'm'),
    );
    assert.doesNotMatch(r.stderr, STACK);
  });
});

describe('claimwire worker for operators', () => {
  let t: TestEnv;
  before(async () => {
    t = await testEnv();
  });
  after(async () => {
    await cleanup(t);
  });

  it('logs JSON lines on stderr and serves Prometheus metrics with --metrics-port', async () => {
    const child = spawn(process.execPath, [BIN, 'worker', '--no-schedule', '--metrics-port', '0'], {
      cwd: ROOT,
      env: { ...process.env, ...t.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let url: string | undefined;
      while (!url) {
        if (Date.now() > deadline || child.exitCode !== null) assert.fail(`worker not ready: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
        url = /"metrics":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/.exec(stderr)?.[1];
      }
      const res = await fetch(url);
      assert.equal(res.status, 200);
      const text = await res.text();
      for (const name of [
        'claimwire_step_duration_seconds',
        'claimwire_job_duration_seconds',
        'process_cpu_seconds_total',
        'nodejs_eventloop_lag_seconds',
      ]) {
        assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
      }
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stderr);
    const lines = stderr.trim().split('\n');
    for (const line of lines) {
      const o = JSON.parse(line) as { level?: string; name?: string; msg?: string };
      assert.ok(o.level && o.name === 'worker' && o.msg, line);
    }
    assert.ok(lines.some((l) => l.includes('worker: running')));
  });
});
