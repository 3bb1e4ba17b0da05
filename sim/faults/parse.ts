/**
 * The one parser of fault specs, shared by `--fault <spec>`, `SimOptions.faults` and
 * `POST /__sim/faults`, and its inverse for `GET /__sim/faults`. Pure: specs in, a fault config and
 * actions (or errors that name the spec and the fix) out. Both walk the registry (registry.ts).
 */
import { type CrashAction, emptyFaults, type FaultConfig } from './config.ts';
import { FAULT_NAMES, FAULTS } from './registry.ts';
import { isError } from './values.ts';

export { type CrashAction, emptyFaults, type FaultConfig } from './config.ts';
/** Re-exported for callers outside sim/ (the load CLI's --help). */
export { FAULT_HELP } from './help.ts';

export type FaultParseResult =
  | { ok: true; config: FaultConfig; actions: CrashAction[] }
  | { ok: false; errors: string[] };

const BY_NAME = new Map(FAULTS.map((f) => [f.name, f]));

/** Apply specs on top of `base` (default: no faults). Collects every error rather than stopping at the first. */
export function parseFaults(specs: readonly unknown[], base: FaultConfig = emptyFaults()): FaultParseResult {
  const config: FaultConfig = { ...base, latency: { ...base.latency }, oom: [...base.oom] };
  const actions: CrashAction[] = [];
  const errors: string[] = [];
  for (const rawSpec of specs) {
    if (typeof rawSpec !== 'string') {
      errors.push(`fault ${JSON.stringify(rawSpec)}: must be a string such as "error-rate=0.05"`);
      continue;
    }
    const spec = rawSpec.trim();
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const fault = BY_NAME.get(name);
    if (!fault) {
      errors.push(`fault "${spec}": unknown fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
      continue;
    }
    const raw = eq < 0 ? undefined : spec.slice(eq + 1);
    if (fault.kind === 'state') {
      const value = fault.parse(raw);
      if (isError(value)) errors.push(`fault "${spec}": ${value.error}`);
      else fault.apply(config, value);
    } else {
      const action = fault.parse(raw);
      if (isError(action)) errors.push(`fault "${spec}": ${action.error}`);
      else actions.push(action);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config, actions };
}

/** The inverse of parseFaults for the active state (GET /__sim/faults), so its output can be fed back in. */
export function faultsToSpecs(config: FaultConfig): string[] {
  return FAULTS.flatMap((f) => (f.kind === 'state' ? f.toSpecs(config) : []));
}
