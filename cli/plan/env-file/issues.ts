// Turns zod issues and YAML errors into problems a person can fix: "<file>: <dot.path>: <what> (hint: <fix>)".
import type { z } from 'zod';

export interface Problem {
  /** Dot-path into the env file, e.g. "safety.maxVUs" or "thresholds.all[\"http_req_failed\"][0]"; "" for the file. */
  path: string;
  message: string;
  hint?: string;
}

export function dotPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** zod's type names in YAML's words (env files are YAML). */
const YAML_KIND: Record<string, string> = { array: 'a list, e.g. [a, b]', object: 'a mapping of key: value' };

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'remove it or fix its spelling; see cli/plan/env-file/schema.ts for the allowed keys';
    case 'invalid_type':
      return issue.input === undefined
        ? `add it (${issue.expected})`
        : `write ${YAML_KIND[issue.expected] ?? `a ${issue.expected}`}`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'see envs/*.example.yaml for the accepted shapes';
    case 'too_small':
      return issue.origin === 'number'
        ? `use a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`
        : undefined;
    case 'too_big':
      return issue.origin === 'number'
        ? `use a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`
        : undefined;
    default:
      return undefined;
  }
}

export function fromZod(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    const base = dotPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: dotPath([...issue.path, k]),
        message: 'unknown key',
        hint: hintFor(issue),
      }));
    }
    return [{ path: base, message: issue.message, hint: hintFor(issue) }];
  });
}

export function formatProblem(file: string, p: Problem): string {
  const where = p.path ? `${file}: ${p.path}` : file;
  return `${where}: ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`;
}
