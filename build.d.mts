// Types for build.mjs, for the Node code (tests, CLI) that imports it.
export interface BuiltBundle {
  name: string;
  path: string;
  bytes: number;
}
export interface BuildOptions {
  names?: string[];
  scenariosDir?: string;
  outdir?: string;
  k6ModulesDir?: string;
}
export function scenarioEntries(dir?: string): { name: string; path: string }[];
export function buildScenarios(opts?: BuildOptions): Promise<BuiltBundle[]>;
