// The plan of a run, before any load: flags, env file, the k6 options and load shape the scenario
// yields, the safety checks, the dry run, the typed confirmation and the baseline tolerance.
export * from './args.ts';
export * from './plan.ts';
export * from './prepare-run.ts';
export * from './safety.ts';
export * from './dry-run.ts';
export * from './confirm.ts';
export * from './tolerance.ts';
export * from './fault-schedule.ts';
export * from './spend-plan.ts';
export * from './shape/index.ts';
export * from './env-file/index.ts';
export * from './plumbing/index.ts';
