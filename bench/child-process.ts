/** A `claimwire` command in its own process for the benchmarks, resolved once its log says it is ready. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../src/paths.ts';

export async function startClaimwire(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<ChildProcess & { log: () => string }> {
  const child = spawn(process.execPath, [path.join(packageRoot(), 'bin', 'claimwire.js'), ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += String(d);
  });
  while (!log.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`claimwire ${args.join(' ')} exited: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Object.assign(child, { log: () => log });
}
