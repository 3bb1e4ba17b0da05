// k6 test double: the `-o experimental-prometheus-rw` output's shell: samples in, a push of the
// series with new samples every K6_PROMETHEUS_RW_PUSH_INTERVAL (never two at once), a last push when
// the run ends. A failed push is logged as k6 logs it and never fails the run.
import type { LogEntry, Sample } from '../../types.ts';
import type { RemoteWriteConfig } from './config.ts';
import { SeriesMapper } from './series.ts';
import { REMOTE_WRITE_HEADERS, writeRequestBody } from './wire.ts';

/** k6's remote-write client timeout. */
const PUSH_TIMEOUT_MS = 5000;

export class PrometheusRemoteWrite {
  private readonly mapper: SeriesMapper;
  private readonly timer: NodeJS.Timeout;
  private pushing: Promise<void> = Promise.resolve();
  private closed: Promise<void> | null = null;
  /** Pushes that reached the endpoint and were accepted (for tests). */
  accepted = 0;

  constructor(
    readonly config: RemoteWriteConfig,
    private readonly log: (entry: LogEntry) => void,
  ) {
    this.mapper = new SeriesMapper(config);
    this.timer = setInterval(() => this.flush(), config.pushIntervalMs);
    this.timer.unref();
  }

  /** What k6 prints as the output's description. */
  get description(): string {
    return `Prometheus remote write (${this.config.serverUrl})`;
  }

  add(samples: readonly Sample[]): void {
    if (!this.closed) this.mapper.add(samples);
  }

  private flush(): Promise<void> {
    this.pushing = this.pushing.then(() => this.push());
    return this.pushing;
  }

  private async push(): Promise<void> {
    const series = this.mapper.take();
    if (series.length === 0) return;
    try {
      const res = await fetch(this.config.serverUrl, {
        method: 'POST',
        headers: { ...REMOTE_WRITE_HEADERS, ...this.config.headers },
        body: writeRequestBody(series),
        signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      });
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status >= 300)
        throw new Error(`got status code: ${res.status} instead expected a 2xx successful status code: ${text.trim()}`);
      this.accepted++;
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause;
      this.log({
        level: 'error',
        msg: 'Failed to send the time series data to the endpoint',
        fields: {
          error: `${(err as Error).message}${cause ? `: ${cause.message}` : ''}`,
          output: 'Prometheus remote write',
        },
        time: Date.now(),
      });
    }
  }

  /** Stops the periodic pushes and sends what is left; safe to call twice. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      clearInterval(this.timer);
      await this.flush();
    })();
    return this.closed;
  }
}
