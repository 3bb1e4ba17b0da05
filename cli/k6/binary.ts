// Finds the k6 binary the run uses: $K6_BIN, then `k6` on PATH. Reads `k6 version` and refuses
// anything older than 1.6, the first release where `k6/websockets` is stable (grafana/k6 "release notes/v1.6.0.md").
// The parser and the decision are pure; only resolveK6() touches the file system and spawns.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const MIN_K6 = { major: 1, minor: 6 } as const;

export interface K6Version {
  major: number;
  minor: number;
  patch: number;
  /** What follows the patch number: "-double", "-rc.1", or "". */
  suffix: string;
  /** The whole first line of `k6 version`. */
  raw: string;
}

/**
 * Parses `k6 version` output: "k6 v1.6.0 (commit/abc, go1.25, linux/amd64)", "k6 v2.2.0-double (...)".
 * k6 prints its own file name first, so a binary saved as `k6-v1` says "k6-v1 v1.8.1 (...)": any
 * name followed by a v-prefixed version is read. Old builds print "k6 v0.49.0 (2024-...)". Returns
 * null when no version is found.
 */
export function parseK6Version(output: string): K6Version | null {
  const lines = output.split(/\r?\n/);
  // "<any name> v<major>.<minor>.<patch><suffix>", then a space or the end of the line.
  const named = /^\s*\S+\s+v(\d+)\.(\d+)\.(\d+)([0-9A-Za-z.+-]*)(?:\s|$)/;
  // The older, looser form: "k6 1.2.3" without the v.
  const bare = /\bk6\s+v?(\d+)\.(\d+)\.(\d+)([0-9A-Za-z.+-]*)/;
  for (const pattern of [named, bare]) {
    for (const line of lines) {
      const m = pattern.exec(line);
      if (m)
        return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), suffix: m[4] ?? '', raw: line.trim() };
    }
  }
  return null;
}

export function isSupported(v: K6Version): boolean {
  return v.major > MIN_K6.major || (v.major === MIN_K6.major && v.minor >= MIN_K6.minor);
}

/** Install hints, printed when no k6 is found (and in --help). */
export const K6_INSTALL_HINTS = [
  `k6 >= ${MIN_K6.major}.${MIN_K6.minor} is needed. Install it, or point K6_BIN at a k6 binary:`,
  '  Debian/Ubuntu: sudo gpg -k && sudo gpg --no-default-keyring --keyring /usr/share/keyrings/k6-archive-keyring.gpg \\',
  '                   --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys C5AD17C747E3415A3642D57D77C6C491D6AC1D69',
  '                 echo "deb [signed-by=/usr/share/keyrings/k6-archive-keyring.gpg] https://dl.k6.io/deb stable main" \\',
  '                   | sudo tee /etc/apt/sources.list.d/k6.list && sudo apt-get update && sudo apt-get install k6',
  '  Fedora/RHEL:   sudo dnf install https://dl.k6.io/rpm/repo.rpm && sudo dnf install k6',
  '  macOS:         brew install k6',
  '  Docker:        docker run --rm -i grafana/k6 run - <script.js   (or set K6_BIN to a wrapper script)',
  '  GitHub Actions: uses: grafana/setup-k6-action@v1  with: k6-version: "2.2.0"',
  '  Binaries:      https://github.com/grafana/k6/releases',
].join('\n');

/** Where the binary came from: K6_BIN, PATH, or the per-user cache of the pinned release (cli/k6/). */
export type K6Source = 'K6_BIN' | 'PATH' | 'cache' | 'download';

export type K6Resolution =
  | { ok: true; path: string; version: K6Version; source: K6Source }
  | { ok: false; message: string };

/** Pure: what to say about a candidate binary, given what `k6 version` printed. */
export function judgeK6(path: string, source: K6Source, versionOutput: string | null): K6Resolution {
  if (versionOutput === null) {
    return {
      ok: false,
      message: `${source === 'K6_BIN' ? `K6_BIN=${path}` : path}: \`k6 version\` did not run.\n${K6_INSTALL_HINTS}`,
    };
  }
  const version = parseK6Version(versionOutput);
  if (!version) {
    return {
      ok: false,
      message: `${path}: could not read a version from \`k6 version\` (got "${versionOutput.trim().slice(0, 120)}").`,
    };
  }
  if (!isSupported(version)) {
    return {
      ok: false,
      message:
        `${path} is k6 v${version.major}.${version.minor}.${version.patch}; aurora-load needs k6 >= ${MIN_K6.major}.${MIN_K6.minor} ` +
        `(k6/websockets is stable from 1.6). Upgrade k6, or point K6_BIN at a newer binary.\n${K6_INSTALL_HINTS}`,
    };
  }
  return { ok: true, path, version, source };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `k6` on PATH, or null. */
export function whichK6(pathEnv: string | undefined): string | null {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'k6.exe' : 'k6');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function readVersion(path: string): string | null {
  const r = spawnSync(path, ['version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}\n${r.stderr}`;
}

/** Resolves k6 from $K6_BIN, then PATH. K6_BIN set but unusable is an error, never a silent fallback. */
export function resolveK6(env: NodeJS.ProcessEnv = process.env): K6Resolution {
  const fromEnv = env.K6_BIN?.trim();
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      return { ok: false, message: `K6_BIN=${fromEnv} is not an executable file.\n${K6_INSTALL_HINTS}` };
    }
    return judgeK6(fromEnv, 'K6_BIN', readVersion(fromEnv));
  }
  const onPath = whichK6(env.PATH);
  if (!onPath)
    return { ok: false, message: `No k6 found (K6_BIN is unset and there is no k6 on PATH).\n${K6_INSTALL_HINTS}` };
  return judgeK6(onPath, 'PATH', readVersion(onPath));
}
