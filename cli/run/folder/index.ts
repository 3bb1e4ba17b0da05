// The run folder and what lives beside it: its creation and atomic commit, the secret scrub that
// must pass before it is kept, and named baselines saved from it.
export { createRunFolder, runFolderName, runStamp, writeFileAtomicSync, writeJson } from './run-folder.ts';
export type { RunFolder } from './run-folder.ts';
export { containsSecret, findSecretLeaks, MIN_SECRET_LENGTH } from './scrub.ts';
export { BASELINES_DIR, resolveBaselineRef, saveBaseline } from './baselines.ts';
