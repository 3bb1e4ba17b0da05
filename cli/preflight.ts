// `npm run preflight`: Aurora's scaling checklist against the cluster the env file names (for
// --env local, a simulator started for it, with --sim-fault misconfigurations). Prints the checklist
// (or --json) and exits 0, or 6 when a must-have fails. Only this file exits the process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareRun, SIM_DEFAULT_SECRET } from './plan/index.ts';
import {
  checklistLine,
  formatChecklist,
  type KubeAccess,
  parsePreflightArgs,
  runPreflight,
} from './preflight/index.ts';
import { PREFLIGHT_USAGE } from './preflight/args.ts';
import { killAllNow, ownedTempDir, spawnSimulator } from './processes/index.ts';
import { EXIT } from './verdict/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
process.on('exit', killAllNow);

async function main(argv: string[]): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const parsed = parsePreflightArgs(argv);
  if (!parsed.ok) {
    say(parsed.message);
    return EXIT.invalidConfig;
  }
  const args = parsed.args;
  if (args.help) {
    process.stdout.write(PREFLIGHT_USAGE);
    return EXIT.ok;
  }
  // The plan only for its peak and settings: no load is sent, so no secret and no --yes are needed.
  const prep = await prepareRun(
    {
      env: args.env,
      scenario: 'mixed',
      profile: args.profile,
      scale: args.scale,
      simFaults: args.simFaults,
      dryRun: true,
      yes: true,
      ci: true,
      help: false,
    },
    root,
    process.env,
  );
  if (!prep.ok) {
    for (const m of prep.messages) say(m);
    return prep.exitCode;
  }
  const { plan, shape } = prep.prepared;
  let stopSim: (() => Promise<void>) | undefined;
  const logDir = ownedTempDir('aurora-preflight-');
  try {
    let access: KubeAccess;
    if (plan.sim) {
      const sim = await spawnSimulator({
        root,
        timeScale: plan.sim.timeScale,
        seed: plan.sim.seed,
        faults: plan.sim.faults,
        secret: process.env[plan.secret.envVar] || SIM_DEFAULT_SECRET,
        logPath: join(logDir, 'sim.log'),
      });
      stopSim = () => sim.stop();
      access = { kubeconfig: sim.kubeconfig, context: args.context, namespace: sim.namespace };
    } else if (plan.kubernetes) {
      const k = plan.kubernetes;
      access = { kubeconfig: k.kubeconfig, context: args.context ?? k.context, namespace: k.namespace };
    } else {
      say(`${plan.envFile}: no kubernetes section: the preflight has no cluster to read`);
      return EXIT.invalidConfig;
    }
    const outcome = await runPreflight({ access, settings: plan.preflight, peakArrivalRate: shape.peakArrivalRate });
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ env: plan.env, passed: outcome.passed, items: outcome.items }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${[...formatChecklist(outcome.items), checklistLine(outcome.items)].join('\n')}\n`);
    }
    return outcome.passed ? EXIT.ok : EXIT.preflightFailed;
  } catch (err) {
    say(`aurora-preflight: ${(err as Error).message}`);
    return EXIT.invalidConfig;
  } finally {
    await stopSim?.();
    rmSync(logDir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
