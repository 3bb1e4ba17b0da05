// Env files (envs/<name>.yaml): where one is, its schema, the rules across its keys, and loading it
// into a run plan with every problem reported by its YAML path.
export * from './resolve.ts';
export * from './schema.ts';
export * from './rules.ts';
export * from './issues.ts';
export * from './load.ts';
