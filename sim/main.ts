/**
 * `npm run sim`: start aurora-sim in the foreground.
 * Humans read stderr (URLs, kubeconfig, fault switches); scripts read the one JSON line on stdout:
 *   {"ready":true,"url":...,"wsUrl":...,"k8sUrl":...,"metricsUrl":...,"kubeconfig":...,"namespace":...}
 * With --print-env, an aurora-load env file for this simulator goes to stdout instead of that line
 * (or to the path given). Stops cleanly on SIGINT/SIGTERM. The secret is never printed. Started by a
 * parent that sets AURORA_SIM_EXIT_WITH_STDIN=1 (the load CLI), it also stops when its stdin closes:
 * the parent is gone, however it died, so no simulator outlives the run that started it.
 */
import { writeFileSync } from 'node:fs';
import { parseCliArgs } from './cli-args.ts';
import { FAULT_HELP } from './faults/parse.ts';
import { DEFAULT_K8S_PORT, DEFAULT_METRICS_PORT, DEFAULT_PORT } from './defaults.ts';
import { startSimulator, LOCAL_DEFAULT_SECRET } from './index.ts';
import { SIM_SECRET_ENV, simEnvFile } from './print-env.ts';

const USAGE = `Usage: npm run sim -- [options]

  --port <n>          ingress port for REST and WebSocket (default ${DEFAULT_PORT}; 0 = a free port)
  --k8s-port <n>      Kubernetes API port (default ${DEFAULT_K8S_PORT}; 0 = a free port)
  --metrics-port <n>  exporters' port, GET /metrics in Prometheus format (default ${DEFAULT_METRICS_PORT}, 0 with --port 0; 0 = a free port)
  --time-scale <x>    simulated periods (HPA sync, windows, pod start-up, RCA) run x times faster (default 1)
  --seed <n>          seed for latency and duration draws (default 1)
  --fault <spec>      start with a fault; repeatable. Faults:
${FAULT_HELP.map((l) => `                        ${l}`).join('\n')}
  --kubeconfig <path> where to write the kubeconfig (default: a file under the OS temp dir)
  --print-env [path]  write an aurora-load env file for this simulator (URLs, time scale, kubeconfig,
                      context, namespace, the secret's variable name) to path, or to stdout instead of
                      the ready JSON line; then npm run load -- --env <that file>
  --rate-limit <spec> turn on Aurora's Flask-Limiter per user, e.g. 500/hour or "2000/day;500/hour"
                      (simulated time); RATE_LIMIT_BYPASS_TOKEN from the environment exempts requests
                      whose X-Rate-Limit-Bypass header carries it
  --k6-bin <path>     the k6 the simulated k6-operator runs for TestRun runners (k6 >= 1.6, or
                      test/k6-double/bin/k6); without it a TestRun ends in stage error
  --help              this text

INTERNAL_API_SECRET is read from the environment, as Aurora does; unset, the documented local
default "${LOCAL_DEFAULT_SECRET}" is used. See sim/README.md.`;

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`aurora-sim: ${e}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const sim = await startSimulator(parsed.options);
  const secretSource =
    parsed.options.secret || process.env.INTERNAL_API_SECRET
      ? 'from INTERNAL_API_SECRET'
      : `local default "${LOCAL_DEFAULT_SECRET}"`;
  process.stderr.write(
    [
      `aurora-sim ready (time scale ${parsed.options.timeScale ?? 1}x)`,
      `  REST       ${sim.url}`,
      `  WebSocket  ${sim.wsUrl}/?token=<jwt>`,
      `  k8s API    ${sim.k8sUrl}   (namespace ${sim.namespace})`,
      `  kubeconfig ${sim.kubeconfigPath}   (HTTPS, CA made for this run)`,
      `  kubectl    kubectl --kubeconfig ${sim.kubeconfigPath} get hpa -w`,
      `  k6-operator TestRuns run ${parsed.options.k6Binary ? `with ${parsed.options.k6Binary}` : 'nowhere: no --k6-bin given (they end in stage error)'}`,
      `  metrics    ${sim.metricsUrl}/metrics   (cAdvisor, kube-state-metrics, celery, postgres and redis exporters)`,
      `  secret     ${secretSource}`,
      `  stats      GET ${sim.url}/__sim/stats`,
      `  faults     GET|POST|DELETE ${sim.url}/__sim/faults   e.g. curl -XPOST -d '{"faults":["error-rate=0.05"]}' ${sim.url}/__sim/faults`,
      ...FAULT_HELP.map((l) => `             ${l}`),
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const envFile = parsed.printEnv
    ? simEnvFile({
        url: sim.url,
        wsUrl: sim.wsUrl,
        kubeconfigPath: sim.kubeconfigPath,
        namespace: sim.namespace,
        timeScale: parsed.options.timeScale ?? 1,
        secretFromEnv: Boolean(parsed.options.secret || process.env[SIM_SECRET_ENV]),
      })
    : undefined;
  if (envFile && parsed.printEnv !== '-') {
    writeFileSync(parsed.printEnv as string, envFile);
    process.stderr.write(`  env file   ${parsed.printEnv}   (npm run load -- --env ${parsed.printEnv})\n`);
  }
  process.stdout.write(
    envFile && parsed.printEnv === '-'
      ? envFile
      : `${JSON.stringify({ ready: true, url: sim.url, wsUrl: sim.wsUrl, k8sUrl: sim.k8sUrl, metricsUrl: sim.metricsUrl, kubeconfig: sim.kubeconfigPath, namespace: sim.namespace })}\n`,
  );
  const why = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (process.env.AURORA_SIM_EXIT_WITH_STDIN === '1') {
      process.stdin.on('close', () => resolve('its parent is gone (stdin closed)'));
      process.stdin.on('error', () => resolve('its parent is gone (stdin error)'));
      process.stdin.resume();
    }
  });
  process.stderr.write(`aurora-sim: stopping (${why})\n`);
  await sim.close();
  if (process.env.AURORA_SIM_EXIT_WITH_STDIN === '1') process.stdin.destroy(); // it would keep the loop alive
  return 0;
}

// Last line of defence: every request, frame and fault path is guarded already, but a simulator that a
// load run depends on must not die of one unforeseen input. Logged once per kind of error.
const seenErrors = new Set<string>();
process.on('uncaughtException', (err) => {
  const kind = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (seenErrors.has(kind)) return;
  seenErrors.add(kind);
  process.stderr.write(`aurora-sim: unexpected error (kept running): ${kind}\n`);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aurora-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
