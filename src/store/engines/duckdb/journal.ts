import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const SEGMENT = /^(\d{12})\.ndjson$/;

/**
 * One file of the journal: newline-delimited JSON, appended to and fsynced by one writer at a
 * time, then sealed and loaded into the database as a whole.
 */
export class JournalSegment {
  private handle: FileHandle | undefined;

  constructor(
    readonly id: number,
    readonly file: string,
    private readonly durable: boolean,
  ) {}

  async append(text: string): Promise<void> {
    this.handle ??= await open(this.file, 'a');
    await this.handle.write(text);
    // fdatasync, not fsync: the data and the file size are what must survive a crash.
    if (this.durable) await this.handle.datasync();
  }

  async seal(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }

  async remove(): Promise<void> {
    await this.seal();
    await rm(this.file, { force: true });
  }

  /** Moves a segment that could not be loaded aside, so that it is kept but not retried blindly. */
  async quarantine(): Promise<string> {
    await this.seal();
    const to = `${this.file}.failed`;
    await rename(this.file, to);
    return to;
  }
}

/**
 * The ingestion journal: a directory of append-only segment files beside the database. An event
 * is acknowledged once its line is in a segment and the segment is fsynced; the loader then moves
 * whole segments into the database, each in one transaction, and deletes them. After a crash the
 * segments still on disk are loaded again; loading is idempotent because the events table drops
 * message ids it already holds.
 */
export class Journal {
  private nextId: number;

  private constructor(
    readonly dir: string,
    private readonly durable: boolean,
    readonly leftover: JournalSegment[],
  ) {
    this.nextId = (leftover.at(-1)?.id ?? 0) + 1;
  }

  /**
   * Opens the journal in `dir`, creating it if needed. Segments left by an earlier process are
   * returned in `leftover`, oldest first; segments quarantined by an earlier failure are retried.
   */
  static async open(dir: string, options: { durable: boolean }): Promise<Journal> {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      if (name.endsWith('.ndjson.failed'))
        await rename(path.join(dir, name), path.join(dir, name.slice(0, -'.failed'.length)));
      else if (!SEGMENT.test(name)) await rm(path.join(dir, name), { force: true });
    }
    const ids = (await readdir(dir))
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const leftover = ids.map(
      (id) => new JournalSegment(id, path.join(dir, segmentName(id)), options.durable),
    );
    return new Journal(dir, options.durable, leftover);
  }

  /** A new, empty segment (its file is created on the first append). */
  create(): JournalSegment {
    const id = this.nextId++;
    return new JournalSegment(id, path.join(this.dir, segmentName(id)), this.durable);
  }

  /** A scratch file beside the segments (deleted at the next open if left behind). */
  scratch(name: string): string {
    return path.join(this.dir, name);
  }
}

function segmentName(id: number) {
  return `${String(id).padStart(12, '0')}.ndjson`;
}

/**
 * Reads a leftover segment back: one parsed object per complete line. A crash can leave the last
 * line torn (its append never completed, so it was never acknowledged): it is dropped and the
 * file rewritten without it, so that the database reads only whole lines.
 */
export async function readSegment(segment: JournalSegment): Promise<unknown[]> {
  const text = await readFile(segment.file, 'utf8');
  const lines = text.split('\n');
  const out: unknown[] = [];
  let torn = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      if (i < lines.length - 1) throw err;
      torn = true;
    }
  }
  if (torn) {
    const handle = await open(segment.file, 'w');
    try {
      await handle.write(lines.slice(0, -1).join('\n') + (out.length > 0 ? '\n' : ''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return out;
}
