import { appendFile, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT_PATTERN = /^usage-(\d{13})-(\d{6})\.ndjson$/;

/**
 * An append-only local file spool for usage events that could not reach Redis. Events are
 * appended as JSON lines to numbered segments; draining replays the oldest segment first, line by
 * line, and removes a segment only when every line of it was published, so a crash mid-drain
 * replays at most the unfinished segment (the billing worker's unique request id turns those
 * repeats into no-ops). One directory belongs to one gateway instance.
 */
export class UsageSpool {
  private activeSegment: string | undefined;
  private sequence = 0;
  // Appends and drains run one at a time, in call order, so events keep their order on disk.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly directory: string) {}

  /** Appends events to the active segment. */
  append(lines: string[]): Promise<void> {
    return this.serialise(async () => {
      await mkdir(this.directory, { recursive: true });
      this.activeSegment ??= this.newSegmentName();
      await appendFile(join(this.directory, this.activeSegment), lines.map((line) => `${line}\n`).join(''));
    });
  }

  /** True when any segment waits to be replayed (including ones left by an earlier process). */
  async hasPending(): Promise<boolean> {
    return (await this.segments()).length > 0;
  }

  /**
   * Replays every segment, oldest first, through `publish` (which must throw on failure). Stops at
   * the first failure, keeping the unpublished lines. Returns how many events were replayed.
   */
  drain(publish: (line: string) => Promise<void>): Promise<number> {
    return this.serialise(async () => {
      // New events go to a fresh segment while the current ones are replayed.
      this.activeSegment = undefined;
      let replayed = 0;
      for (const segment of await this.segments()) {
        const path = join(this.directory, segment);
        const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line.length > 0);
        for (let index = 0; index < lines.length; index += 1) {
          try {
            await publish(lines[index] as string);
          } catch (error) {
            await writeFile(
              `${path}.tmp`,
              lines
                .slice(index)
                .map((line) => `${line}\n`)
                .join(''),
            );
            await rename(`${path}.tmp`, path);
            throw error;
          }
          replayed += 1;
        }
        await unlink(path);
      }
      return replayed;
    });
  }

  private async segments(): Promise<string[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    return names.filter((name) => SEGMENT_PATTERN.test(name)).sort();
  }

  private newSegmentName(): string {
    this.sequence += 1;
    return `usage-${Date.now().toString().padStart(13, '0')}-${String(this.sequence).padStart(6, '0')}.ndjson`;
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
