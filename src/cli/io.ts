import type { Logger } from '../log.ts';

/** Output streams for commands, injectable so commands can be tested in process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout is a terminal (progress bars) rather than a pipe (plain lines). */
  isTty: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
};

/** For the long-running commands (worker, serve): their progress lines go to the operator's JSON log, at info. */
export function loggingIo(logger: Logger, io: CliIo): CliIo {
  return { ...io, err: (line) => logger.info(line) };
}
