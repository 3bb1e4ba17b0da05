/**
 * The one parser of fault specs, shared by `--fault <spec>`, `SimOptions.faults` and
 * `POST /__sim/faults`. Pure: specs in, a fault config (or errors that name the spec and the fix) out.
 */
import { ROUTE_TEMPLATES } from '../server/routes.ts';

export interface FaultConfig {
  /** HPA controllers stop acting (replicas stay where they are). */
  hpaFrozen: boolean;
  /** Ingress ignores the affinity cookie, round-robins and issues a new cookie every time. */
  stickyOff: boolean;
  /** Celery workers pull no tasks; the queue only grows. */
  workersStalled: boolean;
  /** Extra real ms per route template, e.g. { 'GET /api/incidents': 300 }. */
  latency: Record<string, number>;
  /** Share of aurora-server requests answered 500. */
  errorRate: number;
  /** Extra real ms per 1000 requests a pod has served (latency grows with use). */
  leakMsPer1000: number;
  /** Share of chatbot turns whose socket is closed mid-turn with 1011. */
  chatbotDrop: number;
  /** Max concurrent DB-using requests per pod before pool exhaustion 500s; null = unlimited. */
  dbPool: number | null;
}

/** `crash=` is an action, not a state: it happens once when applied. */
export interface CrashAction { kind: 'crash'; target: string }

export type FaultParseResult =
  | { ok: true; config: FaultConfig; actions: CrashAction[] }
  | { ok: false; errors: string[] };

export function emptyFaults(): FaultConfig {
  return { hpaFrozen: false, stickyOff: false, workersStalled: false, latency: {}, errorRate: 0, leakMsPer1000: 0, chatbotDrop: 0, dbPool: null };
}

const SWITCHES = ['hpa-frozen', 'sticky-off', 'workers-stalled'] as const;
const VALUED = ['latency', 'error-rate', 'leak', 'chatbot-drop', 'crash', 'db-pool'] as const;

/** One line per fault, for --help and README. */
export const FAULT_HELP: readonly string[] = [
  'hpa-frozen                       HPA controllers stop scaling',
  'sticky-off                       ingress ignores the affinity cookie (round-robin, new cookie each time)',
  'latency=<METHOD /route>:<ms>     extra latency on one route, e.g. latency=GET /api/incidents:300',
  'error-rate=<0..1>                share of aurora-server requests answered 500',
  'leak=<ms>                        extra ms of latency per 1000 requests a pod has served',
  'workers-stalled                  celery workers pull no tasks',
  'chatbot-drop=<0..1>              share of chat turns dropped mid-turn (close 1011)',
  'crash=<pod name|server|chatbot>  crash a pod now (runtime); the ingress re-pins with a new cookie',
  'db-pool=<n>                      per pod, DB-using requests beyond n concurrent fail with 500',
];

function ratio(name: string, raw: string, spec: string): number | string {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    return `fault "${spec}": ${name} must be a number from 0 to 1, e.g. --fault ${name}=0.05`;
  }
  return n;
}

function nonNegative(name: string, raw: string, spec: string, example: string, integer = false): number | string {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    return `fault "${spec}": ${name} must be a ${integer ? 'whole ' : ''}number >= 0, e.g. --fault ${example}`;
  }
  return n;
}

function parseLatency(value: string, spec: string): [string, number] | string {
  const cut = value.lastIndexOf(':');
  const fix = 'e.g. --fault "latency=GET /api/incidents:300"';
  if (cut < 0) return `fault "${spec}": latency needs <METHOD /route>:<ms>, ${fix}`;
  const route = value.slice(0, cut).trim().replace(/\s+/, ' ');
  const ms = nonNegative('latency', value.slice(cut + 1), spec, 'latency=GET /api/incidents:300');
  if (typeof ms === 'string') return ms;
  if (!ROUTE_TEMPLATES.includes(route)) {
    return `fault "${spec}": unknown route "${route}"; use one of: ${ROUTE_TEMPLATES.join(', ')}`;
  }
  return [route, ms];
}

/** Apply specs on top of `base` (default: no faults). Collects every error rather than stopping at the first. */
export function parseFaults(specs: readonly unknown[], base: FaultConfig = emptyFaults()): FaultParseResult {
  const config: FaultConfig = { ...base, latency: { ...base.latency } };
  const actions: CrashAction[] = [];
  const errors: string[] = [];
  for (const rawSpec of specs) {
    if (typeof rawSpec !== 'string') { errors.push(`fault ${JSON.stringify(rawSpec)}: must be a string such as "error-rate=0.05"`); continue; }
    const spec = rawSpec.trim();
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const value = eq < 0 ? '' : spec.slice(eq + 1);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq >= 0 && !['true', 'false'].includes(value)) { errors.push(`fault "${spec}": ${name} is a switch; write "${name}" (or ${name}=false to turn it off)`); continue; }
      const on = value !== 'false';
      if (name === 'hpa-frozen') config.hpaFrozen = on;
      else if (name === 'sticky-off') config.stickyOff = on;
      else config.workersStalled = on;
      continue;
    }
    if (!(VALUED as readonly string[]).includes(name)) {
      errors.push(`fault "${spec}": unknown fault "${name}"; known faults: ${[...SWITCHES, ...VALUED].join(', ')}`);
      continue;
    }
    if (eq < 0) { errors.push(`fault "${spec}": ${name} needs a value, e.g. ${FAULT_HELP.find((h) => h.startsWith(name))?.split(/\s{2,}/)[0]}`); continue; }
    let result: number | string | [string, number];
    switch (name) {
      case 'latency': result = parseLatency(value, spec); if (Array.isArray(result)) { config.latency[result[0]] = result[1]; continue; } break;
      case 'error-rate': result = ratio(name, value, spec); if (typeof result === 'number') { config.errorRate = result; continue; } break;
      case 'chatbot-drop': result = ratio(name, value, spec); if (typeof result === 'number') { config.chatbotDrop = result; continue; } break;
      case 'leak': result = nonNegative(name, value, spec, 'leak=50'); if (typeof result === 'number') { config.leakMsPer1000 = result; continue; } break;
      case 'db-pool': result = nonNegative(name, value, spec, 'db-pool=4', true); if (typeof result === 'number') { config.dbPool = result; continue; } break;
      default: // crash
        if (value.trim() === '') { errors.push(`fault "${spec}": crash needs a pod name, "server" or "chatbot", e.g. --fault crash=server`); continue; }
        actions.push({ kind: 'crash', target: value.trim() });
        continue;
    }
    errors.push(result as string);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config, actions };
}

/** The inverse of parseFaults for the active state (GET /__sim/faults), so output can be fed back in. */
export function faultsToSpecs(f: FaultConfig): string[] {
  const out: string[] = [];
  if (f.hpaFrozen) out.push('hpa-frozen');
  if (f.stickyOff) out.push('sticky-off');
  if (f.workersStalled) out.push('workers-stalled');
  for (const [route, ms] of Object.entries(f.latency)) out.push(`latency=${route}:${ms}`);
  if (f.errorRate > 0) out.push(`error-rate=${f.errorRate}`);
  if (f.leakMsPer1000 > 0) out.push(`leak=${f.leakMsPer1000}`);
  if (f.chatbotDrop > 0) out.push(`chatbot-drop=${f.chatbotDrop}`);
  if (f.dbPool !== null) out.push(`db-pool=${f.dbPool}`);
  return out;
}
