/**
 * `npm run sim -- --print-env`: an aurora-load env file for this running simulator, so a load run
 * can target a simulator started by hand (to rehearse a staging run, or to share one simulator
 * across runs) like any remote target: its URLs and time scale, its kubeconfig and context, its
 * namespace, and the NAME of the secret variable it reads (never the value). Pure: facts in, YAML out.
 */
import { stringify } from 'yaml';
import { AURORA_DEPLOYMENT_NAMES, AURORA_HPA_NAMES } from './cluster/names.ts';
import { KUBECONFIG_NAME } from './k8s-api/kubeconfig.ts';

/** The variable the simulator reads its secret from, as Aurora does. */
export const SIM_SECRET_ENV = 'INTERNAL_API_SECRET';

export interface SimEnvFacts {
  url: string;
  wsUrl: string;
  kubeconfigPath: string;
  namespace: string;
  timeScale: number;
  /** Whether the secret came from INTERNAL_API_SECRET (else the documented local default). */
  secretFromEnv: boolean;
}

export function simEnvFile(f: SimEnvFacts): string {
  const header = [
    '# An aurora-load env file for a running aurora-sim, written by `npm run sim -- --print-env`.',
    '# Valid while that simulator runs: its kubeconfig (with a CA made at start) is rewritten on every start.',
    `#   npm run load -- --env <this file> --profile stress`,
    f.secretFromEnv
      ? `# The simulator reads ${SIM_SECRET_ENV}: export the same value in the shell that runs npm run load.`
      : `# The simulator was started without ${SIM_SECRET_ENV}, so it accepts its documented local default\n` +
        `# (npm run sim -- --help): export ${SIM_SECRET_ENV}=<that default> in the shell that runs npm run load.`,
    '# Every key and its default: cli/plan/env-file/schema.ts.',
  ];
  const body = {
    description: `aurora-sim started by hand at ${f.url} (time scale ${f.timeScale}x)`,
    target: { apiUrl: f.url, wsUrl: f.wsUrl, timeScale: f.timeScale },
    secretEnv: { internalApiSecret: SIM_SECRET_ENV },
    users: { mode: 'provision', count: 4 },
    load: { scenarios: ['rest', 'chatbot', 'rca'], rates: { rest: 5, chatbot: 0.2, rca: 0.1 } },
    kubernetes: {
      kubeconfig: f.kubeconfigPath,
      context: KUBECONFIG_NAME,
      namespace: f.namespace,
      hpas: [...AURORA_HPA_NAMES],
      deployments: [...AURORA_DEPLOYMENT_NAMES],
    },
    hpa: {
      expectations: {
        stress: [{ hpa: AURORA_HPA_NAMES[0], triggerStage: 2, scaleUpWithinSeconds: 240, minReadyAtPeak: 3 }],
        nightly: [{ hpa: AURORA_HPA_NAMES[0], triggerStage: 2, scaleUpWithinSeconds: 240, minReadyAtPeak: 3 }],
      },
    },
    safety: { maxArrivalRate: 200, maxVUs: 300, maxDuration: '2h', allowStress: true },
  };
  return `${header.join('\n')}\n${stringify(body, { flow: false })}`;
}
