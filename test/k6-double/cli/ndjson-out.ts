// k6 test double: the `--out json=<path>` output: k6-shaped NDJSON (a Metric line before a metric's
// first Point), gzipped for a .gz path, streamed and flushed every 100 ms.
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import { metricLineJson, pointLine } from '../metrics-engine.ts';
import type { TestRun } from '../test-run.ts';
import type { Sample } from '../types.ts';

export class NdjsonOut {
  private buf: string[] = [];
  private readonly seen = new Set<string>();
  private readonly file: WriteStream;
  private readonly gz: Gzip | null;
  private readonly timer: NodeJS.Timeout;

  constructor(path: string, private readonly run: TestRun) {
    this.file = createWriteStream(path);
    this.gz = path.endsWith('.gz') ? createGzip() : null;
    if (this.gz) this.gz.pipe(this.file);
    this.timer = setInterval(() => this.flush(), 100);
  }

  add(samples: Sample[]): void {
    for (const s of samples) {
      if (!this.seen.has(s.metric)) {
        this.seen.add(s.metric);
        this.buf.push(metricLineJson(this.run.engine, s.metric));
      }
      this.buf.push(pointLine(s));
    }
  }

  flush(): void {
    if (!this.buf.length) return;
    const chunk = `${this.buf.join('\n')}\n`;
    this.buf = [];
    if (this.gz) {
      this.gz.write(chunk);
      this.gz.flush();
    } else this.file.write(chunk);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await new Promise<void>((r) => {
      this.file.on('close', () => r());
      if (this.gz) this.gz.end();
      else this.file.end();
    });
  }
}
