/**
 * The extraction catalog of a long-running process (worker, `serve`), kept in step with the local catalog file: a
 * `claimwire actors import` on the same file reaches running processes without a restart. Before each job (and every
 * couple of seconds in `serve`) the file's size and modification time are looked at; when they changed, the catalog
 * is rebuilt, and swapped in only if its revision changed. The swap happens between jobs: extraction is synchronous,
 * so one extraction never sees two catalogs.
 */
import { stat } from 'node:fs/promises';
import { buildCatalog, builtinData, type ExtractionCatalog } from './index.ts';
import { overlayCatalog } from './merge.ts';

/**
 * The built-in records plus the local actor catalog at `path` (if any), compiled. Its reader (and the zod schema that
 * validates it) is loaded only when the file exists: most runs have none, and zod is a tenth of `extract`'s start-up.
 */
export async function loadCatalogFrom(path: string): Promise<ExtractionCatalog> {
  const data = builtinData();
  const local = (await fileStamp(path)) ? await (await import('./local-catalog.ts')).loadLocalCatalog(path) : [];
  const actors = local.length > 0 ? overlayCatalog(data.actors, local) : data.actors;
  return buildCatalog({ ...data, actors });
}

/** What identifies a version of the file without reading it; '' when it does not exist. */
async function fileStamp(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return '';
  }
}

/**
 * An {@link ExtractionCatalog} that follows its file. Every field reads the current catalog, so it can be handed to
 * code that takes a plain catalog (the API, the stage processors).
 */
export class LiveCatalog implements ExtractionCatalog {
  private lastCheck = 0;
  private checking: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly path: string,
    private current: ExtractionCatalog,
    private stamp: string,
    /** Looks at the file at most this often (milliseconds). */
    private readonly minIntervalMs: number,
    private readonly onChange: (from: string, to: string) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  static async open(
    path: string,
    options: {
      minIntervalMs?: number;
      onChange?: (from: string, to: string) => void;
      /** A changed file that does not load (the catalog in use stays). */
      onError?: (error: unknown) => void;
    } = {},
  ): Promise<LiveCatalog> {
    const stamp = await fileStamp(path);
    return new LiveCatalog(
      path,
      await loadCatalogFrom(path),
      stamp,
      options.minIntervalMs ?? 500,
      options.onChange ?? (() => {}),
      options.onError ?? (() => {}),
    );
  }

  get actors() {
    return this.current.actors;
  }
  get vendors() {
    return this.current.vendors;
  }
  get countries() {
    return this.current.countries;
  }
  get sectors() {
    return this.current.sectors;
  }
  get actorMatcher() {
    return this.current.actorMatcher;
  }
  get vendorMatcher() {
    return this.current.vendorMatcher;
  }
  get countryMatcher() {
    return this.current.countryMatcher;
  }
  get sectorMatcher() {
    return this.current.sectorMatcher;
  }
  get revision() {
    return this.current.revision;
  }

  /** The catalog as it is now: a plain object that will not change under its holder. */
  snapshot(): ExtractionCatalog {
    return this.current;
  }

  /**
   * Reloads the catalog if its file changed since the last look (at most one look per `minIntervalMs`, unless
   * `force`). True when a
   * new revision was swapped in. A file that fails to load (half-written by hand, invalid) keeps the catalog in use;
   * the next change is tried again.
   */
  refresh(force = false): Promise<boolean> {
    if (!force && !this.checking && Date.now() - this.lastCheck < this.minIntervalMs) return Promise.resolve(false);
    this.checking ??= this.check().finally(() => {
      this.lastCheck = Date.now();
      this.checking = null;
    });
    return this.checking;
  }

  private async check(): Promise<boolean> {
    const stamp = await fileStamp(this.path);
    if (stamp === this.stamp) return false;
    this.stamp = stamp;
    let next: ExtractionCatalog;
    try {
      next = await loadCatalogFrom(this.path);
    } catch (error) {
      this.onError(error);
      return false;
    }
    if (next.revision === this.current.revision) return false;
    const from = this.current.revision;
    this.current = next;
    this.onChange(from, next.revision);
    return true;
  }

  /** Looks at the file every `intervalMs` in the background (for `serve`, which has no jobs to check before). */
  watch(intervalMs = 2_000): this {
    this.timer ??= setInterval(() => {
      this.refresh().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
    return this;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
