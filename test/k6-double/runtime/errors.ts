// k6 test double: the errors a VU throws into script code (interrupts, k6's GoErrors) and their
// conversion to the ScriptError the host reports.
import type { ScriptError } from '../types.ts';

/** Thrown into script code when the host interrupts the iteration (graceful stop ended, abort). */
export class InterruptSignal extends Error {
  constructor(reason = 'iteration interrupted') {
    super(reason);
    this.name = 'InterruptError';
  }
}

/** The GoError k6 raises when an API is used in (or outside) the init context. */
export function initContextError(msg: string): Error {
  const e = new Error(msg);
  e.name = 'GoError';
  return e;
}

export function toScriptError(e: unknown): ScriptError {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  }
  const s = typeof e === 'string' ? e : safeJson(e);
  return { name: 'Error', message: s, stack: s };
}

export function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
