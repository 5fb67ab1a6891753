/**
 * The Dockerfile and docker-compose.yml, checked without Docker (it cannot run on these machines, and hadolint is not
 * packaged for Debian): the Dockerfile is parsed into instructions and held to the rules hadolint and the issue ask
 * for (multi-stage, pinned bases, exec-form entry point, npm ci, a slim non-root runtime with dist/ and production
 * dependencies only, every copied path present), and every claimwire command in the compose file must parse with the
 * CLI's own option table.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/cli/command-line.ts';
import { COMMAND_SPECS } from '../../../src/cli/commands.ts';
import { packageRoot } from '../../../src/paths.ts';

const ROOT = packageRoot();

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile instructions: comments dropped, `\` continuations joined, keywords upper-cased. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) start = i + 1;
    if (line.startsWith('#')) return;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    const [keyword = '', ...rest] = full.split(/\s+/);
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: start });
  });
  assert.equal(pending, '', 'a continuation line ends the file');
  return out;
}

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const stages: Instruction[][] = [];
for (const ins of dockerfile) {
  if (ins.keyword === 'FROM') stages.push([]);
  stages.at(-1)?.push(ins);
}
const runtime = stages.at(-1) ?? [];

describe('Dockerfile', () => {
  it('uses only known instructions, the first being FROM', () => {
    const known = new Set([
      'FROM',
      'RUN',
      'COPY',
      'ENV',
      'WORKDIR',
      'USER',
      'EXPOSE',
      'VOLUME',
      'ENTRYPOINT',
      'CMD',
      'ARG',
      'LABEL',
      'HEALTHCHECK',
    ]);
    for (const ins of dockerfile) assert.ok(known.has(ins.keyword), `line ${ins.line}: ${ins.keyword}`);
    assert.equal(dockerfile[0]?.keyword, 'FROM');
  });

  it('builds in stages from pinned bases, naming each stage', () => {
    assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
    for (const stage of stages) {
      const from = stage[0]?.args ?? '';
      assert.match(from, /^[\w./-]+:[\w.-]+ AS \w+$/, `FROM ${from}: an explicit tag and a stage name`);
      assert.doesNotMatch(from, /:latest /, 'no :latest base (hadolint DL3007)');
    }
  });

  it('installs with npm ci from the lock file, never npm install, and no apt packages', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    assert.ok(runs.some((r) => /\bnpm ci\b/.test(r)));
    for (const r of runs) {
      assert.doesNotMatch(r, /\bnpm (install|i)\b/, r);
      assert.doesNotMatch(r, /apt-get|apk add/, r);
    }
  });

  it('runtime: production dependencies only, the compiled dist/, a non-root user, exec-form entry point', () => {
    const names = new Map(stages.map((s) => [/ AS (\w+)$/.exec(s[0]?.args ?? '')?.[1] ?? '', s]));
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    const fromStage = (src: string) => copies.find((c) => c.includes(src))?.match(/--from=(\w+)/)?.[1];
    const depsStage = names.get(fromStage('node_modules') ?? '') ?? [];
    assert.ok(
      depsStage.some((i) => i.keyword === 'RUN' && /npm ci .*--omit=dev/.test(i.args)),
      'node_modules come from an npm ci --omit=dev',
    );
    assert.ok(fromStage('dist'), 'dist/ is copied from the build stage');
    assert.ok(!runtime.some((i) => i.keyword === 'RUN' && /\bnpm\b/.test(i.args)), 'no npm run in the runtime stage');
    assert.ok(!copies.some((c) => /^(src|test|bench)\//.test(c)), 'no sources, tests or benches');
    const users = runtime.filter((i) => i.keyword === 'USER');
    assert.ok(users.length > 0 && !/^(root|0)(:|$)/.test(users.at(-1)?.args ?? ''), 'runs as a non-root user');
    const user = runtime.findIndex((i) => i.keyword === 'USER');
    const entry = runtime.findIndex((i) => i.keyword === 'ENTRYPOINT');
    assert.ok(user < entry, 'USER before ENTRYPOINT');
    for (const keyword of ['ENTRYPOINT', 'CMD']) {
      const ins = runtime.find((i) => i.keyword === keyword);
      assert.ok(ins, keyword);
      assert.ok(Array.isArray(JSON.parse(ins.args)), `${keyword} in exec form (hadolint DL3025)`);
    }
    const entrypoint = JSON.parse(runtime[entry]?.args ?? '[]') as string[];
    assert.deepEqual(entrypoint, ['node', 'bin/claimwire.js']);
    const cmd = JSON.parse(runtime.find((i) => i.keyword === 'CMD')?.args ?? '[]') as string[];
    assertClaimwireCommand(cmd, 'Dockerfile CMD');
  });

  it('copies only paths that exist in the repository and that .dockerignore does not exclude', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const ins of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))) {
      const sources = ins.args.split(/\s+/).slice(0, -1);
      for (const src of sources) {
        assert.ok(existsSync(path.join(ROOT, src)), `line ${ins.line}: ${src} exists`);
        assert.ok(!ignored.includes(src.replace(/\/$/, '')), `line ${ins.line}: ${src} is not in .dockerignore`);
      }
    }
    for (const must of ['node_modules', 'dist', '.local', '.git']) assert.ok(ignored.includes(must), must);
  });
});

function assertClaimwireCommand(argv: string[], where: string): void {
  const [name, ...rest] = argv;
  const spec = COMMAND_SPECS.find((s) => s.name === name);
  assert.ok(spec, `${where}: "${name}" is a claimwire command`);
  assert.doesNotThrow(() => parseCommand(spec, rest), `${where}: ${argv.join(' ')}`);
}

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

  it('runs workers, the nightly job and the API from the one image, with commands the CLI accepts', () => {
    const services = new Map<string, string[]>();
    let current = '';
    for (const line of compose.split('\n')) {
      const service = /^ {2}([a-z][\w-]*):\s*$/.exec(line);
      if (service?.[1]) current = service[1];
      const command = /^ {4}command: (\[.*\])\s*$/.exec(line);
      if (current && command?.[1]) services.set(current, JSON.parse(command[1]) as string[]);
    }
    for (const name of ['workers', 'nightly', 'api']) {
      const argv = services.get(name);
      assert.ok(argv, `service ${name} has a command`);
      assertClaimwireCommand(argv, `service ${name}`);
    }
    assert.equal(services.get('api')?.[0], 'serve');
    assert.ok(services.get('nightly')?.includes('discover') && !services.get('nightly')?.includes('--no-schedule'));
    assert.ok(services.get('workers')?.includes('--no-schedule'), 'only the nightly service registers the schedule');
    assert.match(compose, /^x-claimwire: &claimwire\n {2}build: \.\n/m, 'built from this Dockerfile');
    assert.equal(compose.match(/<<: \*claimwire/g)?.length, 3);
    assert.doesNotMatch(compose, /npm (ci|install)/, 'nothing installed when a container starts');
    assert.match(compose, /--appendonly", "yes"/, 'Redis keeps the queues across restarts (AOF)');
  });

  it('shares one catalog volume between every claimwire service, at the folder of the default catalog path', () => {
    const shared = /^x-claimwire: &claimwire\n(?: {2}.*\n| {4}.*\n)*? {2}volumes:\n {4}- catalog:(\S+)\n/m.exec(
      compose,
    );
    assert.ok(shared?.[1], 'x-claimwire mounts the catalog volume');
    const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const home = /^\s*CLAIMWIRE_HOME=(\S+)/m.exec(text)?.[1];
    assert.equal(shared[1], `${home}/catalog`, 'where the services look for CLAIMWIRE_HOME/catalog/actors.json');
    assert.match(
      text,
      new RegExp(`chown node:node .*${shared[1]}( |$)`, 'm'),
      'created writable for the non-root user',
    );
    assert.match(compose, /^volumes:\n(?: {2}.*\n)* {2}catalog:/m, 'a named volume');
  });
});
