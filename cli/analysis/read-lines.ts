// Lines of a plain or gzipped text file, streamed: memory stays flat however large the file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

export interface LineSource {
  /** The lines in batches (one per chunk read), so a caller pays one await per chunk, not per line. */
  batches: AsyncIterable<string[]>;
  /** The same lines one at a time (do not use both). */
  lines: AsyncIterable<string>;
  /** Set once iteration ended early on a read error (e.g. a gzip file cut short by an interrupted run). */
  error(): Error | undefined;
}

/**
 * Opens `path` (gzip detected by its magic bytes, not its name) as an async iterable of lines.
 * A read or decompression error ends the iteration instead of throwing: whatever was read is kept,
 * and `error()` says why it stopped. The last line may be partial; the caller decides what to do.
 */
export async function readLines(path: string): Promise<LineSource> {
  const gzip = await isGzip(path);
  let failure: Error | undefined;
  const file = createReadStream(path);
  const stream: Readable = gzip ? pipeline(file, createGunzip(), () => undefined) : file;

  async function* batches(): AsyncGenerator<string[]> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of stream) {
        rest += decoder.write(chunk as Buffer);
        const batch: string[] = [];
        let start = 0;
        let nl = rest.indexOf('\n');
        while (nl !== -1) {
          batch.push(rest.slice(start, nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
          start = nl + 1;
          nl = rest.indexOf('\n', start);
        }
        rest = rest.slice(start);
        if (batch.length > 0) yield batch;
      }
      rest += decoder.end();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    if (rest.length > 0) yield [rest];
  }

  const all = batches();
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of all) yield* batch;
  }

  return { batches: all, lines: lines(), error: () => failure };
}
