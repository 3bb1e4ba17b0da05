// k6 test double: the subset of GJSON path syntax that k6's `Response.json(selector)` accepts and
// our scenarios use: dotted keys (`a.b`), array indexes (`items.0`), `#` for an array's length,
// `items.#.id` to map over an array, and `\.` to escape a dot. Unknown paths give undefined.

function splitPath(path: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '\\' && i + 1 < path.length) {
      cur += path[++i];
    } else if (ch === '.') {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

function walk(value: unknown, parts: string[]): unknown {
  if (parts.length === 0) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  if (head === '#') {
    if (!Array.isArray(value)) return undefined;
    if (rest.length === 0) return value.length;
    return value.map((v) => walk(v, rest)).filter((v) => v !== undefined);
  }
  if (Array.isArray(value)) {
    if (!/^\d+$/.test(head)) return undefined;
    return walk(value[Number(head)], rest);
  }
  if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, head)) {
    return walk((value as Record<string, unknown>)[head], rest);
  }
  return undefined;
}

export function gjsonGet(doc: unknown, selector: string): unknown {
  return walk(doc, splitPath(selector));
}
