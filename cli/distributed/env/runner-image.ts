// The runner image of a distributed run: pinned to a k6 release of 1.6 or newer. A runner image is
// what every runner pod of the TestRun pulls, so `latest`, an untagged name or a k6 older than 1.6
// would make the run's k6 whatever the registry serves that day. Pure.
import { K6_RELEASE } from '../../k6/provision/release.ts';

/** The image written into a TestRun when the env file names none: grafana/k6 at the pinned release. */
export const DEFAULT_RUNNER_IMAGE = `grafana/k6:${K6_RELEASE}`;

const MIN = { major: 1, minor: 6 };

/** The image's tag (after the last ':' that follows the last '/'), or undefined; a digest pins too. */
export function imageTag(image: string): { tag?: string; digest?: string } {
  const [name, digest] = image.split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  return { ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Why the image is refused, or undefined when it is pinned to k6 >= 1.6. */
export function runnerImageProblem(image: string): string | undefined {
  const { tag, digest } = imageTag(image);
  if (!tag && !digest) return `"${image}" has no tag: pin a k6 release of 1.6 or newer, e.g. ${DEFAULT_RUNNER_IMAGE}`;
  if (tag === 'latest' || tag === 'master' || tag === 'main')
    return `"${image}" is not pinned (":${tag}" moves): pin a k6 release of 1.6 or newer, e.g. ${DEFAULT_RUNNER_IMAGE}`;
  if (!tag) return undefined; // pinned by digest alone: its k6 version cannot be read from the name
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (!m) return undefined; // a custom image's own tag scheme (xk6 builds): pinned, version not readable
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < MIN.major || (major === MIN.major && minor < MIN.minor))
    return `"${image}" is k6 ${m[0].replace(/^v/, '')}, older than 1.6: the scenarios need k6 1.6 or newer (e.g. ${DEFAULT_RUNNER_IMAGE})`;
  return undefined;
}
