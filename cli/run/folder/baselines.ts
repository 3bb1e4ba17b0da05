// Named baselines: `--save-baseline <name>` stores a run's verdict.json as baselines/<name>.json;
// `--baseline <ref>` takes such a name, a verdict.json path or a run folder. baselines/ is
// git-ignored but for its README; CI pins one by committing it with `git add -f` or by restoring the
// last passing nightly's verdict.json to baselines/<name>.json before the run.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomicSync } from './run-folder.ts';

export const BASELINES_DIR = 'baselines';

/** `--baseline <ref>` -> the path loadBaseline reads (a run folder or a verdict.json). Pure but for `exists`. */
export function resolveBaselineRef(
  ref: string,
  root: string,
  exists: (p: string) => boolean,
): { ok: true; path: string } | { ok: false; message: string } {
  const looksLikePath = /[\\/]/.test(ref) || ref.endsWith('.json');
  if (looksLikePath) {
    return exists(ref)
      ? { ok: true, path: ref }
      : { ok: false, message: `--baseline ${ref}: no such file or run folder` };
  }
  const named = join(root, BASELINES_DIR, `${ref}.json`);
  if (exists(named)) return { ok: true, path: named };
  if (exists(ref)) return { ok: true, path: ref };
  return {
    ok: false,
    message:
      `--baseline ${ref}: no ${join(BASELINES_DIR, `${ref}.json`)} (save one with --save-baseline ${ref}), ` +
      'and no run folder or verdict.json of that name',
  };
}

/** Stores the verdict as baselines/<name>.json (atomically); returns the path. */
export function saveBaseline(verdictPath: string, name: string, root: string): string {
  const dir = join(root, BASELINES_DIR);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${basename(name)}.json`);
  writeFileAtomicSync(target, readFileSync(verdictPath));
  return target;
}
