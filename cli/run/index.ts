// The run's life: prepare -> execute (with a cleanup stack) -> conclude, and the run folder.
export { runLoad } from './run-load.ts';
export type { RunIo, ReadyRun } from './prepare.ts';
export { CleanupStack } from './cleanup-stack.ts';
export { watchInterrupts } from './interrupts.ts';
export type { Interrupts } from './interrupts.ts';
export { finishRun, GZIP_ABOVE_BYTES } from './finish-run.ts';
export { probeTarget, baselineMismatch } from './run-checks.ts';
export * from './folder/index.ts';
