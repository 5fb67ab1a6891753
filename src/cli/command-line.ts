/**
 * One table per command drives both its parsing and its help, so the two cannot drift: `parseCommand` hands the
 * option definitions to node:util `parseArgs` (strict), and `helpFor` prints the same definitions. A user mistake
 * (unknown option, missing value, stray argument) becomes a one-line usage error naming it, plus the usage, exit 2.
 */
import { parseArgs } from 'node:util';
import { usage } from './cli-error.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in the help, e.g. `N` for `--limit N`. */
  value?: string;
  help: string;
  default?: string;
}

export interface CommandSpec {
  name: string;
  /** One line, for `claimwire --help`. */
  summary: string;
  /** Usage lines after `claimwire NAME `, e.g. `ENTITY [options]`. */
  usage: string[];
  /** What it does, after the usage. */
  description: string;
  /** Option definitions (`--help` is added to every command). */
  options: Record<string, OptionSpec>;
  /** How many positional arguments it takes at most (default: any number). */
  maxPositionals?: number;
  /** Text after the options (notes, exit status). */
  notes?: string;
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? O[K]['multiple'] extends true
      ? boolean[]
      : boolean
    : O[K]['multiple'] extends true
      ? string[]
      : string;
};

export interface Parsed<O extends Record<string, OptionSpec>> {
  values: Values<O>;
  positionals: string[];
  /** `--help` or `-h` was given (main.ts prints `helpFor(spec)` then, before loading the command). */
  help: boolean;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this help' };

export function usageLines(spec: CommandSpec): string {
  return spec.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}claimwire ${spec.name} ${u}`.trimEnd()).join('\n');
}

export function helpFor(spec: CommandSpec): string {
  const entries = Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    const more = [o.multiple ? 'repeatable' : '', o.default !== undefined ? `default ${o.default}` : '']
      .filter(Boolean)
      .join(', ');
    return [flag, `${o.help}${more ? ` (${more})` : ''}`] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  return [
    usageLines(spec),
    '',
    spec.description,
    '',
    'Options:',
    ...entries.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(spec.notes ? ['', spec.notes] : []),
  ].join('\n');
}

/** The closest of `candidates` to a mistyped `word` (edit distance ≤ 2, or a prefix), if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 1 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` for a mistyped subcommand, or nothing. */
export function suggest(word: string, candidates: string[]): string {
  const guess = didYouMean(word, candidates);
  return guess ? ` (did you mean "${guess}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** Parses `argv` against the command's table; throws a usage `CliError` naming what is wrong. */
export function parseCommand<S extends CommandSpec>(spec: S, argv: string[]): Parsed<S['options']> {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.default !== undefined ? { default: o.default } : {}),
      },
    ]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(`${describeParseError(spec, error)}\n${usageLines(spec)}\n(claimwire ${spec.name} --help for more)`);
  }
  const help = parsed.values.help === true;
  if (!help && spec.maxPositionals !== undefined && parsed.positionals.length > spec.maxPositionals) {
    const extra = parsed.positionals[spec.maxPositionals];
    throw usage(`unexpected argument "${extra}"\n${usageLines(spec)}\n(claimwire ${spec.name} --help for more)`);
  }
  return { values: parsed.values as Values<S['options']>, positionals: parsed.positionals, help };
}

function describeParseError(spec: CommandSpec, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = option.replace(/^-+/, '').split('=')[0] ?? '';
    const known = Object.keys(spec.options);
    const guess = didYouMean(name, known);
    return `unknown option ${option}${guess ? ` (did you mean --${guess}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing') ? `option ${option} needs a value` : `option ${option} takes no value`;
  }
  return message;
}
