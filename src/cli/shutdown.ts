/**
 * Graceful shutdown for long-running commands: the first SIGINT/SIGTERM runs `close` (stop intake, finish or release
 * running jobs, close queues and clients), a second signal or the hard timeout forces the exit.
 */
export function onShutdown(
  close: () => Promise<void>,
  io: { err: (line: string) => void },
  hardTimeoutMs = 30_000,
): Promise<number> {
  return new Promise((resolve) => {
    let signals = 0;
    const handler = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        io.err(`${signal} again: exiting now`);
        resolve(130);
        return;
      }
      io.err(`${signal}: finishing running jobs, then closing (send again to exit at once)`);
      const timer = setTimeout(() => {
        io.err(`shutdown took over ${hardTimeoutMs / 1000}s: exiting`);
        resolve(1);
      }, hardTimeoutMs);
      timer.unref();
      close().then(
        () => resolve(0),
        (error: unknown) => {
          io.err(`error while closing: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
