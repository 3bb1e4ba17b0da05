// The run folder and what lives beside it: its creation and atomic commit, the secret scrub that
// must pass before it is kept, named baselines saved from it, and the folders left by runs that died
// (run folders; pid-owned temp folders are cli/processes/owned-temp.ts).
export { createRunFolder, runFolderName, runStamp, writeFileAtomicSync, writeJson } from './run-folder.ts';
export type { RunFolder } from './run-folder.ts';
export { containsSecret, findSecretLeaks, MIN_SECRET_LENGTH } from './scrub.ts';
export { BASELINES_DIR, resolveBaselineRef, saveBaseline } from './baselines.ts';
export { ownerGone, processAlive, settleStalePartials, stalePartials } from './stale-partials.ts';
export type { StalePartial } from './stale-partials.ts';
