// --dry-run: the resolved plan as text. Pure. Never prints a secret: only the variable's name and
// whether it is set.
import { describePlan, planFor } from '../../lib/core/profiles.ts';
import type { LoadShape } from './shape/load-shape.ts';
import type { RunPlan } from './plan.ts';
import type { SafetyVerdict } from './safety.ts';
import { describeTarget } from './safety.ts';
import { type SpendPlan, usd } from './spend-plan.ts';

const clock = (s: number) =>
  s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60) ? `${Math.round(s % 60)}s` : ''}` : `${Math.round(s)}s`;
const num = (n: number) => String(Math.round(n * 100) / 100);

export function formatDryRun(
  plan: RunPlan,
  shape: LoadShape,
  safety: SafetyVerdict,
  bundle: string,
  spend?: SpendPlan,
): string {
  const out: string[] = [];
  const push = (s = '') => out.push(s);
  push(`Plan (dry run: nothing was started)`);
  push(`  env        ${plan.env}  (${plan.envFile})${plan.description ? ` - ${plan.description}` : ''}`);
  push(`  target     ${describeTarget(plan)}${plan.target.kind === 'remote' ? `  ws ${plan.target.wsUrl}` : ''}`);
  if (plan.sim) {
    push(
      `  simulator  time scale ${plan.sim.timeScale}x, seed ${plan.sim.seed}${plan.sim.faults.length ? `, faults: ${plan.sim.faults.join('; ')}` : ', no faults'}`,
    );
    for (const t of plan.sim.timedFaults ?? []) push(`             then ${t.written}`);
  }
  push(
    `  secret     ${plan.secret.envVar} (${plan.secret.present ? 'set' : plan.sim ? 'unset: the simulator default is used' : 'NOT SET'})`,
  );
  push(
    `  scenario   ${plan.scenario} -> ${bundle}${plan.runConfig.scenarios.length ? `  (runs: ${plan.runConfig.scenarios.join(', ')})` : ''}`,
  );
  push(`  profile    ${plan.profile}, scale ${plan.scale}x, time scale ${plan.runConfig.timeScale}x`);
  push(
    `  users      ${plan.runConfig.users.mode === 'provision' ? `${plan.runConfig.users.count} provisioned` : `${plan.runConfig.users.users.length} existing`}`,
  );
  push();
  push('Executors (as k6 will get them)');
  for (const s of shape.scenarios) {
    const rate = s.peakRate ? `, peak ${num(s.peakRate)}/s` : '';
    const iterations = s.executor.endsWith('-iterations');
    const span = `${iterations ? 'at most' : 'for'} ${clock(s.durationSeconds)}`;
    push(
      `  ${s.name.padEnd(12)} ${s.executor.padEnd(22)} at ${clock(s.startSeconds).padEnd(6)} ${span.padEnd(15)} up to ${s.maxVUs} VUs${rate}${s.exec ? `  exec ${s.exec}` : ''}`,
    );
  }
  push();
  push('Load stages (offsets from the start; the `stage` tag of every sample)');
  let lines: string[];
  try {
    lines = describePlan(planFor(plan.runConfig));
  } catch {
    lines = shape.stages.map((st) => `stage ${st.index} at ${clock(st.startSeconds)} for ${clock(st.durationSeconds)}`);
  }
  lines.forEach((line, i) => {
    const rate = shape.stages[i]?.targetRate;
    push(`  ${line}${rate ? `  (${num(rate)} iterations/s)` : ''}`);
  });
  push();
  push('Thresholds');
  const keys = Object.keys(shape.thresholds);
  if (!keys.length) push('  (none)');
  for (const k of keys) push(`  ${k}: ${shape.thresholds[k].join(', ')}`);
  push();
  push('HPA expectations');
  if (!plan.hpaExpectations.length) push('  (none for this profile)');
  for (const e of plan.hpaExpectations) {
    push(
      `  ${e.hpa}: scale up within ${num(e.scaleUpWithinSeconds)}s of stage ${e.triggerStage}, >= ${e.minReadyAtPeak} ready at peak` +
        `${e.scaleDownWithinSeconds ? `, back down within ${num(e.scaleDownWithinSeconds)}s` : ''}`,
    );
  }
  if (plan.kubernetes) {
    push(
      `  watching   namespace ${plan.kubernetes.namespace}; HPAs ${plan.kubernetes.hpas.join(', ')}; Deployments ${plan.kubernetes.deployments.join(', ')}` +
        `${plan.sim ? ' (simulator kubeconfig)' : `${plan.kubernetes.context ? `; context ${plan.kubernetes.context}` : ''}`}`,
    );
  } else {
    push('  watching   nothing (no `kubernetes:` section)');
  }
  push();
  push('Cluster gates');
  const g = plan.clusterGates;
  if (!g) push('  (none for this profile)');
  else {
    const parts = [
      g.noOomKilled ? 'no OOMKilled container' : '',
      g.maxRestarts !== undefined ? `<= ${g.maxRestarts} restarts per Deployment` : '',
      g.celeryQueue
        ? `Celery queue under ${g.celeryQueue.below} within ${num(g.celeryQueue.withinSeconds)}s after the load`
        : '',
      g.maxDbConnectionsPct !== undefined ? `DB connections <= ${g.maxDbConnectionsPct}% of max` : '',
      g.maxRedisMemoryPct !== undefined ? `Redis memory <= ${g.maxRedisMemoryPct}% of max` : '',
    ].filter(Boolean);
    push(`  ${parts.join('; ')}`);
  }
  const prom = plan.prometheus;
  push(
    `  metrics    ${plan.sim ? 'a local Prometheus scraping the simulator (PATH or PROMETHEUS_BIN), else pod status' : prom?.queryUrl ? `Prometheus ${prom.queryUrl}` : 'pod status (no prometheus.queryUrl)'}` +
      `${prom?.remoteWriteUrl ? `; k6 results -> ${prom.remoteWriteUrl}` : ''}`,
  );
  push();
  const s = plan.safety;
  push('Limits');
  push(
    `  peak arrival rate ${num(shape.peakArrivalRate)}/s of max ${s.maxArrivalRate}/s; VUs ${shape.maxVUs} of max ${s.maxVUs}; ` +
      `duration ${clock(shape.durationSeconds)} of max ${s.maxDuration}; stress ${s.allowStress ? 'allowed' : 'not allowed'}` +
      `${s.requireConfirmation ? '; needs --yes' : ''}`,
  );
  push(`  k6 is stopped after ${clock(safety.killAfterMs / 1000)} at the latest`);
  if (spend) out.push(...spendLines(plan, spend));
  if (safety.refusals.length) {
    push();
    push('This plan would be REFUSED:');
    for (const r of safety.refusals)
      push(`  - ${r.message}${r.kind === 'confirmation' ? ' (a dry run needs no --yes)' : ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** The LLM spend section: planned turns and RCAs, unit costs and their source, the estimate and the budget. */
export function spendLines(plan: RunPlan, s: SpendPlan): string[] {
  const chat = plan.runConfig.chatbot;
  const out = [
    '',
    'LLM spend (estimated)',
    `  chat turns ${s.chatTurns} x ${usd(s.perTurn.usd)} (${s.perTurn.from}); mode ${chat.mode ?? 'ask'}` +
      `${chat.model ? `, model ${chat.model}` : ''}${chat.providerPreference ? `, providers ${chat.providerPreference.join(' > ')}` : ''}`,
    `  RCAs       ${s.rcas} x ${usd(s.perRca.usd)} (${s.perRca.from})`,
    `  total      ${usd(s.estimatedUsd)}${s.capUsd === undefined ? ' (no budget: safety.maxLlmSpendUsd unset)' : ` of budget ${usd(s.capUsd)}; k6 stops the run when the reported spend reaches it`}`,
  ];
  const r = s.rateLimit;
  out.push(
    `  rate limit ~${Math.round(r.perUserPerHour)} limited REST calls per user per hour over ${r.users} users` +
      `${r.bypass ? `; bypass token from ${plan.rateLimitBypass?.envVar}` : r.exceeds ? "; ABOVE Aurora's default 500/hour if Flask-Limiter is on, and no bypass" : ''}`,
  );
  return out;
}
