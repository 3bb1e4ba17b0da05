// `--env <name|path>` -> the env file to read. A bare name means envs/<name>.yaml; a value with a
// slash or a .yaml/.yml ending is a path. When only envs/<name>.example.yaml exists, the run is
// refused with the copy command: example files hold placeholders, never a real target.
import { join } from 'node:path';

export type EnvFileLocation = { ok: true; path: string } | { ok: false; message: string };

export function resolveEnvFile(value: string, root: string, exists: (p: string) => boolean): EnvFileLocation {
  const isPath = /[\\/]/.test(value) || /\.ya?ml$/.test(value);
  if (isPath) {
    if (!exists(value)) return { ok: false, message: `--env ${value}: no such file` };
    if (/\.example\.ya?ml$/.test(value)) {
      const own = value.replace(/\.example(\.ya?ml)$/, '$1');
      return {
        ok: false,
        message:
          `--env ${value}: an example file holds placeholder targets, not a real environment.\n` +
          `  Copy it and fill in your targets (secrets stay in environment variables):\n` +
          `    cp ${value} ${own}`,
      };
    }
    return { ok: true, path: value };
  }
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(value)) {
    return {
      ok: false,
      message: `--env ${value}: not an env name (letters, digits, - and _) nor a path to a .yaml file`,
    };
  }
  const own = join('envs', `${value}.yaml`);
  if (exists(join(root, own))) return { ok: true, path: join(root, own) };
  const example = join('envs', `${value}.example.yaml`);
  if (exists(join(root, example))) {
    return {
      ok: false,
      message:
        `--env ${value}: ${own} does not exist; only ${example} does.\n` +
        `  Copy it and fill in your targets (secrets stay in environment variables):\n` +
        `    cp ${example} ${own}`,
    };
  }
  return {
    ok: false,
    message: `--env ${value}: no ${own}; pass a name from envs/ (e.g. local) or a path to an env file`,
  };
}
