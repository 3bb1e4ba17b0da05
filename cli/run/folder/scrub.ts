// The last check before a run folder is kept: no secret value may appear in any file of it (reports,
// logs, k6's output, even gzipped). A hit fails the run loudly and names the file, never the secret.
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { join, relative } from 'node:path';

/** Values too short to search for without false alarms are skipped (and are not real secrets). */
export const MIN_SECRET_LENGTH = 8;

/** Pure: which of the secrets occur in the text (as is, or URL- or JSON-escaped). */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some(
    (s) =>
      s.length >= MIN_SECRET_LENGTH &&
      (text.includes(s) || text.includes(encodeURIComponent(s)) || text.includes(JSON.stringify(s).slice(1, -1))),
  );
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) yield p;
  }
}

/** Whether a file holds a secret: streamed (k6.ndjson may be gigabytes), gunzipped when .gz. */
async function fileLeaks(file: string, secrets: readonly string[]): Promise<boolean> {
  const keep = Math.max(...secrets.map((s) => Buffer.byteLength(JSON.stringify(s)) * 3));
  let tail = '';
  const source = createReadStream(file);
  const stream = file.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      // latin1 keeps every byte, so a secret is found in binary files too; utf8 for escaped forms.
      const text = tail + (chunk as Buffer).toString('latin1');
      if (containsSecret(text, secrets) || containsSecret(Buffer.from(text, 'latin1').toString('utf8'), secrets))
        return true;
      tail = text.slice(-keep);
    }
  } catch {
    // A .gz that is not gzip after all: scan its raw bytes.
    if (file.endsWith('.gz')) return containsSecret(readFileSync(file).toString('latin1'), secrets);
    throw new Error(`could not read ${file} to check it for secrets`);
  } finally {
    source.destroy();
  }
  return false;
}

/** Returns the run-folder files (relative paths) that contain a secret. */
export async function findSecretLeaks(dir: string, secrets: readonly string[]): Promise<string[]> {
  const usable = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  if (!usable.length) return [];
  const leaks: string[] = [];
  for (const file of files(dir)) {
    if (statSync(file).size > 0 && (await fileLeaks(file, usable))) leaks.push(relative(dir, file));
  }
  return leaks;
}
