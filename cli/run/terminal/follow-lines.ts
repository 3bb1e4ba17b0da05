// Follows a file another process is writing (k6's NDJSON) and hands over each complete new line.
// Polled: `poll()` reads what was appended since the last call, at most a bounded chunk per call so
// a fast writer never stalls the CLI. A file that does not exist yet is simply not read yet.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 1 << 20;
const MAX_PER_POLL = 32 * CHUNK;

export interface LineFollower {
  poll(): void;
  close(): void;
}

export function followLines(path: string, onLine: (line: string) => void): LineFollower {
  let fd: number | undefined;
  let offset = 0;
  let carry = '';
  const buf = Buffer.alloc(CHUNK);
  const decoder = new StringDecoder('utf8'); // a character split between two reads stays whole
  return {
    poll() {
      if (fd === undefined) {
        try {
          fd = openSync(path, 'r');
        } catch {
          return;
        }
      }
      for (let read = 0; read < MAX_PER_POLL; ) {
        const n = readSync(fd, buf, 0, CHUNK, offset);
        if (n <= 0) break;
        offset += n;
        read += n;
        const text = carry + decoder.write(buf.subarray(0, n));
        const lines = text.split('\n');
        carry = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
