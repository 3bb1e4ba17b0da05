/**
 * Readers for the value after `=` in a fault spec. Pure: the raw text in, the value or an error
 * message (without the `fault "<spec>": ` prefix, which the parser adds) out.
 */
import { AURORA_DEPLOYMENTS, AURORA_DEPLOYMENT_NAMES } from '../cluster/names.ts';
import { ROUTE_TEMPLATES } from '../server/route-table.ts';

/** An error message: what is wrong and what to write instead. */
export interface FaultError {
  error: string;
}

export const isError = (v: unknown): v is FaultError => typeof v === 'object' && v !== null && 'error' in v;

/** A share from 0 to 1. */
export function ratio(name: string, raw: string, example: string): number | FaultError {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    return { error: `${name} must be a number from 0 to 1, e.g. --fault ${example}` };
  }
  return n;
}

/** A number >= 0, whole when `integer`. */
export function nonNegative(name: string, raw: string, example: string, integer = false): number | FaultError {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    return { error: `${name} must be a ${integer ? 'whole ' : ''}number >= 0, e.g. --fault ${example}` };
  }
  return n;
}

/** A multiplier > 0 (1 leaves things as they are). */
export function factor(name: string, raw: string, example: string): number | FaultError {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1000) {
    return { error: `${name} must be a factor > 0 (up to 1000), e.g. --fault ${example}` };
  }
  return n;
}

/** `<METHOD /route>:<ms>`, the route one of the simulator's templates. */
export function routeLatency(raw: string, example: string): { route: string; ms: number } | FaultError {
  const cut = raw.lastIndexOf(':');
  const fix = `e.g. --fault "${example}"`;
  if (cut < 0) return { error: `latency needs <METHOD /route>:<ms>, ${fix}` };
  const route = raw.slice(0, cut).trim().replace(/\s+/, ' ');
  const ms = nonNegative('latency', raw.slice(cut + 1), example);
  if (isError(ms)) return ms;
  if (!(ROUTE_TEMPLATES as readonly string[]).includes(route)) {
    // One template syntax everywhere (faults, tags, reports): `{id}`, never Flask's `<id>`.
    const braced = route.replace(/<([a-z_]+)>/g, '{$1}');
    const hint =
      braced !== route && (ROUTE_TEMPLATES as readonly string[]).includes(braced) ? `; write "${braced}"` : '';
    return { error: `unknown route "${route}"${hint}; use one of: ${ROUTE_TEMPLATES.join(', ')}` };
  }
  return { route, ms };
}

const SHORT_NAMES: Record<string, string> = {
  server: AURORA_DEPLOYMENTS.server,
  'celery-worker': AURORA_DEPLOYMENTS.celeryWorker,
  celery: AURORA_DEPLOYMENTS.celeryWorker,
  chatbot: AURORA_DEPLOYMENTS.chatbot,
};

/** One of Aurora's Deployments, by its name or its short name (server, celery-worker, celery, chatbot). */
export function deploymentName(name: string, raw: string, example: string): string | FaultError {
  const value = raw.trim();
  const full = SHORT_NAMES[value] ?? value;
  if (!AURORA_DEPLOYMENT_NAMES.includes(full)) {
    return {
      error: `${name} needs one of ${AURORA_DEPLOYMENT_NAMES.join(', ')} (or server, chatbot, celery); no Deployment "${value}", e.g. --fault ${example}`,
    };
  }
  return full;
}
