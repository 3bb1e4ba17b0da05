// The k6 release aurora-load downloads when no k6 is installed: the ONE place its version is pinned,
// and the names and URLs of its files as grafana/k6 publishes them on its GitHub releases page:
//   <base>/v<ver>/k6-v<ver>-<os>-<arch>.tar.gz (linux) or .zip (macos, windows)
//   <base>/v<ver>/k6-v<ver>-checksums.txt    ("<sha256>  <file name>" per line)
// The archive holds a folder k6-v<ver>-<os>-<arch>/ with `k6` (or `k6.exe`). Pure.

/** The pinned k6 release. Bump it here (and in the workflows' setup-k6-action) and nowhere else. */
export const K6_RELEASE = '2.2.0';

export const DEFAULT_K6_MIRROR = 'https://github.com/grafana/k6/releases/download';

export type ReleaseOs = 'linux' | 'macos' | 'windows';
export type ReleaseArch = 'amd64' | 'arm64';

export interface ReleaseFiles {
  version: string;
  os: ReleaseOs;
  arch: ReleaseArch;
  /** "k6-v2.2.0-linux-amd64.tar.gz" */
  archive: string;
  kind: 'tar.gz' | 'zip';
  /** "k6-v2.2.0-checksums.txt" */
  checksums: string;
  /** The binary inside the archive: "k6-v2.2.0-linux-amd64/k6" */
  binaryEntry: string;
  /** The binary's file name once installed: "k6" or "k6.exe" */
  binaryName: string;
  archiveUrl: string;
  checksumsUrl: string;
}

const OS: Partial<Record<NodeJS.Platform, ReleaseOs>> = { linux: 'linux', darwin: 'macos', win32: 'windows' };
const ARCH: Partial<Record<string, ReleaseArch>> = { x64: 'amd64', arm64: 'arm64' };

/** The mirror base URL: AURORA_LOAD_K6_MIRROR when set, else GitHub's release downloads. */
export function mirrorBase(env: Record<string, string | undefined>): string {
  const m = env.AURORA_LOAD_K6_MIRROR?.trim();
  return (m || DEFAULT_K6_MIRROR).replace(/\/+$/, '');
}

/** The release files for a platform and CPU (Node's names), or why there are none. */
export function releaseFiles(
  platform: NodeJS.Platform,
  cpu: string,
  base: string,
  version = K6_RELEASE,
): { ok: true; files: ReleaseFiles } | { ok: false; message: string } {
  const os = OS[platform];
  const arch = ARCH[cpu];
  if (!os || !arch) {
    return {
      ok: false,
      message: `k6 publishes no release binary for ${platform}/${cpu} (only linux, macOS and Windows on amd64 or arm64)`,
    };
  }
  const kind = os === 'linux' ? 'tar.gz' : 'zip';
  const stem = `k6-v${version}-${os}-${arch}`;
  const archive = `${stem}.${kind}`;
  const checksums = `k6-v${version}-checksums.txt`;
  const binaryName = os === 'windows' ? 'k6.exe' : 'k6';
  const dir = `${base}/v${version}`;
  return {
    ok: true,
    files: {
      version,
      os,
      arch,
      archive,
      kind,
      checksums,
      binaryName,
      binaryEntry: `${stem}/${binaryName}`,
      archiveUrl: `${dir}/${archive}`,
      checksumsUrl: `${dir}/${checksums}`,
    },
  };
}

/** Downloading is on unless AURORA_LOAD_K6_DOWNLOAD is 0/false/no/off (or --no-download). */
export function downloadAllowed(env: Record<string, string | undefined>, noDownloadFlag = false): boolean {
  if (noDownloadFlag) return false;
  const v = env.AURORA_LOAD_K6_DOWNLOAD?.trim().toLowerCase();
  return !(v === '0' || v === 'false' || v === 'no' || v === 'off');
}
