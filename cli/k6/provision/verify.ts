// SHA-256 of a downloaded k6 archive against the release's checksums file
// ("<64 hex>  <file name>" per line, as sha256sum writes it). Pure.

/** File name -> lower-case hex SHA-256. Lines that are not "<hex>  <name>" are ignored. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line.trim());
    if (m) sums.set(m[2]!, m[1]!.toLowerCase());
  }
  return sums;
}

/** Null when `actual` matches the checksums file's line for `file`, else what is wrong. */
export function checksumProblem(checksumsText: string, file: string, actual: string): string | null {
  const expected = parseChecksums(checksumsText).get(file);
  if (!expected) return `the checksums file has no line for ${file}`;
  if (expected !== actual.toLowerCase())
    return `checksum mismatch for ${file}: expected sha256 ${expected}, got ${actual.toLowerCase()}`;
  return null;
}
