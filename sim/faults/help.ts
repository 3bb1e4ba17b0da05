/** One help line per fault (usage, what it does, an example), derived from the registry. */
import { FAULTS } from './registry.ts';

const WIDTH = Math.max(...FAULTS.map((f) => f.usage.length)) + 2;

/** For `npm run sim -- --help`, `npm run load -- --help` and the simulator's start-up lines. */
export const FAULT_HELP: readonly string[] = FAULTS.map(
  (f) => `${f.usage.padEnd(WIDTH)}${f.help}${f.example === f.usage ? '' : `, e.g. ${f.example}`}`,
);
