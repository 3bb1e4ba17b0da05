// The cluster side of one run, from its start to timeline.json's `cluster` section:
//   local run:   start a real Prometheus scraping the simulator's exporters (or, when none is
//                installed, say once which panels are missing and how to install it);
//   remote run:  query the env file's `prometheus.queryUrl`, if set;
//   without any: poll pod status through the Kubernetes API (restarts and OOMKilled only).
// finish() waits (bounded) for the Celery queue to drain when a queue gate asks for it, then reads
// the run's window. stop() ends Prometheus and removes its temporary TSDB; it is safe to call twice.
import { join } from 'node:path';
import type { ClusterGateSpec } from './types.ts';
import { clusterFromPods } from './from-kubernetes.ts';
import { collectFromPrometheus } from './from-prometheus.ts';
import { startPodPoller, type PodPoller } from './pod-poller.ts';
import { resolvePrometheus } from './prometheus/binary.ts';
import { LOCAL_SCRAPE_INTERVAL_SECONDS } from './prometheus/config.ts';
import { startPrometheus, type PrometheusHandle } from './prometheus/process.ts';
import { queryInstant, type PromClient } from './prometheus/query.ts';
import { CELERY_QUEUE } from './queries.ts';
import type { ClusterMetrics } from './types.ts';

export const PROMETHEUS_LOG = 'prometheus.log';

export interface ClusterRunOptions {
  env: NodeJS.ProcessEnv;
  runDir: string;
  namespace: string;
  deployments: string[];
  kubeconfig?: string;
  context?: string;
  /** The simulator's exporters (local runs): a local Prometheus scrapes them. */
  simMetricsUrl?: string;
  /** A Prometheus of the target environment (remote runs). */
  remote?: { client: PromClient; scrapeIntervalSeconds: number };
  rateWindowSeconds?: number;
  say: (line: string) => void;
}

export interface ClusterRun {
  /** The Prometheus this run reads (and k6 may remote-write to); undefined without one. */
  prometheusUrl?: string;
  /** Reads the run's cluster metrics (from `fromMs` to now). */
  finish(o: { fromMs: number; gates?: ClusterGateSpec }): Promise<ClusterMetrics>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startClusterRun(o: ClusterRunOptions): Promise<ClusterRun> {
  let local: PrometheusHandle | undefined;
  let client: PromClient | undefined = o.remote?.client;
  let scrapeSeconds = o.remote?.scrapeIntervalSeconds ?? LOCAL_SCRAPE_INTERVAL_SECONDS;
  let why = 'no Prometheus configured for this environment (env file `prometheus.queryUrl`)';
  if (o.simMetricsUrl) {
    const bin = resolvePrometheus(o.env);
    if (bin.ok) {
      try {
        local = await startPrometheus({
          binary: bin.path,
          targets: [{ job: 'aurora-sim', address: new URL(o.simMetricsUrl).host }],
          logPath: join(o.runDir, PROMETHEUS_LOG),
        });
        client = { url: local.url };
        scrapeSeconds = LOCAL_SCRAPE_INTERVAL_SECONDS;
        o.say(`prometheus: ${local.url} (${bin.source}), scraping the simulator every ${scrapeSeconds} s`);
      } catch (err) {
        why = `the local Prometheus did not start: ${(err as Error).message}`;
        o.say(`prometheus: ${why}; cluster panels other than restarts are not evaluated (its log: ${PROMETHEUS_LOG})`);
      }
    } else {
      why = 'no Prometheus installed (apt-get install prometheus / brew install prometheus, or PROMETHEUS_BIN)';
      o.say(`prometheus: ${bin.message}`);
    }
  }
  const poller: PodPoller | undefined = client
    ? undefined
    : startPodPoller({
        kubeconfig: o.kubeconfig,
        context: o.context,
        namespace: o.namespace,
        intervalMs: 1000,
      });
  const rateWindowSeconds = o.rateWindowSeconds ?? (local ? 6 * scrapeSeconds : Math.max(120, 4 * scrapeSeconds));

  /** Waits until the queue is under the gate's limit or the gate's window has passed. */
  const drain = async (gates: ClusterGateSpec | undefined): Promise<void> => {
    if (!client || !gates?.celeryQueue) return;
    const { below, withinSeconds } = gates.celeryQueue;
    const end = Date.now() + withinSeconds * 1000 + 2 * scrapeSeconds * 1000;
    let said = false;
    while (Date.now() < end) {
      const v = await queryInstant(client, CELERY_QUEUE).then(
        (r) => Number(r[0]?.value[1]),
        () => Number.NaN,
      );
      if (!(v >= below)) return;
      if (!said) {
        o.say(`cluster: Celery queue at ${v}; waiting up to ${withinSeconds} s for it to get under ${below}`);
        said = true;
      }
      await sleep(scrapeSeconds * 1000);
    }
  };

  let stopped = false;
  return {
    prometheusUrl: local?.url ?? o.remote?.client.url,
    async finish({ fromMs, gates }) {
      if (client && !stopped) {
        await drain(gates);
        // One more scrape, so the last seconds of the run are in the TSDB.
        if (local) await sleep(1500 * scrapeSeconds);
        return collectFromPrometheus({
          client,
          namespace: o.namespace,
          deployments: o.deployments,
          fromMs,
          toMs: Date.now(),
          minStepSeconds: scrapeSeconds,
          rateWindowSeconds,
        });
      }
      const obs = poller
        ? await poller.stop()
        : { restarts: new Map(), oomReasons: new Map(), polls: 0, errors: ['no pod poller'] };
      return clusterFromPods({ obs, deployments: o.deployments, fromMs, toMs: Date.now(), intervalSeconds: 1, why });
    },
    async stop() {
      stopped = true;
      await poller?.stop().catch(() => undefined);
      await local?.stop();
    },
  };
}
