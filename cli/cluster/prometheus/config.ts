// prometheus.yml for a local run: scrape the simulator's exporters every second (a time-scaled run
// lasts minutes, so the default 15-60 s interval would see almost nothing). Pure.

export interface ScrapeTarget {
  job: string;
  /** host:port */
  address: string;
  metricsPath?: string;
}

export const LOCAL_SCRAPE_INTERVAL_SECONDS = 1;

export function prometheusConfig(
  targets: readonly ScrapeTarget[],
  intervalSeconds = LOCAL_SCRAPE_INTERVAL_SECONDS,
): string {
  const lines = [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    `  scrape_timeout: ${intervalSeconds}s`,
    `  evaluation_interval: ${intervalSeconds}s`,
    'scrape_configs:',
  ];
  for (const t of targets) {
    lines.push(
      `  - job_name: ${JSON.stringify(t.job)}`,
      `    metrics_path: ${JSON.stringify(t.metricsPath ?? '/metrics')}`,
      '    static_configs:',
      `      - targets: [${JSON.stringify(t.address)}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The command line: remote-write receiver (for k6's experimental-prometheus-rw) and native histograms on. */
export function prometheusArgs(o: { configFile: string; dataDir: string; port: number }): string[] {
  return [
    `--config.file=${o.configFile}`,
    `--storage.tsdb.path=${o.dataDir}`,
    `--web.listen-address=127.0.0.1:${o.port}`,
    '--web.enable-remote-write-receiver',
    '--enable-feature=native-histograms',
    '--storage.tsdb.retention.time=1d',
    '--log.level=warn',
  ];
}
