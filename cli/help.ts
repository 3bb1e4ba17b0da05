// The --help text of `npm run load`.
import { FAULT_HELP } from '../sim/faults/parse.ts';
import { PROFILE_NAMES } from '../lib/core/run-config.ts';
import { EXIT } from './verdict/index.ts';
import { FAULT_TIME_USAGE, SCENARIO_CHOICES } from './plan/index.ts';
import { DEFAULT_K6_MIRROR, K6_RELEASE } from './k6/provision/release.ts';

export function helpText(): string {
  return `Usage: npm run load -- [flags]

Runs a k6 load test against Aurora, watches its autoscaling, gates the result and writes a report.

Flags:
  --env <name|path>        env file: envs/<name>.yaml or a path (default: local = the built-in simulator)
  --scenario <name>        ${SCENARIO_CHOICES.join(' | ')} (default: mixed)
  --profile <name>         ${PROFILE_NAMES.join(' | ')} (default: smoke)
  --scale <factor>         multiply every arrival rate and VU pool (default: 1)
  --out <dir>              run folder (default: reports/<timestamp>-<env>-<scenario>-<profile>)
  --baseline <ref>         compare with a baseline: a name in baselines/, a verdict.json, or a run folder
  --save-baseline <name>   store this run's verdict as baselines/<name>.json
  --sim-fault <spec>       inject a simulator fault (repeatable; local envs only):
${FAULT_HELP.map((l) => `                             ${l}`).join('\n')}
                           ${FAULT_TIME_USAGE}
  --dry-run                print the resolved plan (no secrets), its warnings and the preflight; exit without load
  --yes, -y                confirm a run against an env that requires it (production)
  --ci                     plain output, no terminal control codes; append summary.md to $GITHUB_STEP_SUMMARY
                           (also on when CI=true)
  --no-download            without a usable k6, stop with install hints instead of downloading the pinned k6
  --skip-preflight         no scaling-readiness preflight before stress, spike, breakpoint, soak and nightly
                           (npm run preflight runs it alone)
  --runners <n>            run the load on n k6-operator runners (a TestRun; the env file's distributed:
                           section, or the simulator playing the operator with --env local); 1 = local k6
  --help, -h               this text

Environment:
  K6_BIN                   k6 binary to use (default: k6 on PATH; k6 >= 1.6; else the pinned k6 ${K6_RELEASE},
                           downloaded once into the per-user cache)
  PROMETHEUS_BIN           prometheus for local runs' cluster metrics (default: prometheus on PATH; optional)
  AURORA_LOAD_K6_MIRROR    base URL of the k6 releases (default: ${DEFAULT_K6_MIRROR})
  AURORA_LOAD_K6_DOWNLOAD  0 to never download k6 (as --no-download)
  <secretEnv names>        the env file names the variables holding secrets, e.g. AURORA_STAGING_INTERNAL_API_SECRET

Examples:
  npm run load                                          smoke run against the local simulator
  npm run load -- --profile stress                      stress the simulator; checks its HPAs scale
  npm run load -- --profile stress --sim-fault hpa-frozen   reproduce an autoscaling regression locally
  npm run load -- --profile stress --sim-fault "crash=server@stage:5"   crash a server pod mid-stress
  npm run load -- --profile load --save-baseline main   keep a healthy run as baseline "main"
  npm run load -- --profile load --sim-fault "latency=GET /api/incidents:150" --baseline main
  npm run load -- --profile stress --sim-fault oom=aurora-oss-server   containers OOMKilled: the cluster gate fails
  npm run load -- --sim-fault cost-spike=3 --baseline main   a prompt regression: the LLM spend gate fails
  npm run load -- --env staging --profile load --dry-run   show what a staging run would do (and its LLM spend)
  npm run load -- --env staging --profile nightly --ci --baseline nightly
  npm run load -- --runners 2 --scenario rest --profile load   two k6-operator runners (the simulator plays the operator)
  npm run load -- --env staging --runners 8 --profile breakpoint   on staging's k6-operator; the verdict over all runners
  npm run load -- --env production --profile smoke --yes

Exit codes:
  ${EXIT.ok}    every gate passed
  ${EXIT.invalidConfig}    bad flags, invalid env file, refused plan, missing secret, no usable k6 or a failed preflight
  ${EXIT.runFailed}    k6 failed (script error, crash), the target was unreachable, or a required gate
       (HPA, a service's latency) could not be evaluated
  ${EXIT.hpaFailed}    an HPA expectation failed
  ${EXIT.baselineRegressed}    a regression against the baseline (latency, errors or LLM spend), or drift within a hold stage (soak)
  ${EXIT.preflightFailed}    the preflight found a failing must-have; no load was sent
  ${EXIT.clusterFailed}    a cluster gate failed (OOMKilled, restarts, Celery queue, DB connections, Redis memory)
  ${EXIT.thresholdsFailed}   a k6 threshold failed (or k6 stopped the run at the LLM budget)
  ${EXIT.interrupted}  interrupted (Ctrl-C); reports were still written
`;
}
