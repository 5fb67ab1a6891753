/** A failure the CLI reports in one line and maps to an exit code; only `main.ts` exits the process. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code ("usage", "input", "service-down"). */
    readonly code: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usage = (message: string): CliError => new CliError(message, 'usage', 2);
