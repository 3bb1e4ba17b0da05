// k6 test double: the `--out json=<path>` output: k6-shaped NDJSON (a Metric line before a metric's
// first Point), gzipped for a .gz path, streamed and flushed every 100 ms.
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import type { MetricsEngine } from '../metrics/engine.ts';
import type { TestRun } from '../test-run.ts';
import type { Sample, Tags } from '../types.ts';

/** Go's RFC3339Nano for an epoch-ms float (microsecond precision, trailing zeros trimmed). */
export function rfc3339(ms: number): string {
  const whole = Math.floor(ms);
  const base = new Date(whole).toISOString().slice(0, 19);
  const frac = Math.round((ms - whole) * 1000) + (whole % 1000) * 1000; // microseconds within the second
  const digits = String(Math.min(frac, 999999)).padStart(6, '0').replace(/0+$/, '');
  return `${base}${digits ? `.${digits}` : ''}Z`;
}

function sortedTags(t: Tags): Tags {
  return Object.fromEntries(
    Object.keys(t)
      .sort()
      .map((k) => [k, t[k]!]),
  );
}

export function pointLine(s: Sample): string {
  return JSON.stringify({
    metric: s.metric,
    type: 'Point',
    data: { time: rfc3339(s.time), value: s.value, tags: sortedTags(s.tags) },
  });
}

export function metricLineJson(engine: MetricsEngine, name: string): string {
  return JSON.stringify({ type: 'Metric', data: engine.metricLine(name), metric: name });
}

export class NdjsonOut {
  private buf: string[] = [];
  private readonly seen = new Set<string>();
  private readonly file: WriteStream;
  private readonly gz: Gzip | null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    path: string,
    private readonly run: TestRun,
  ) {
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
