// k6 test double: k6's legacy summary shapes: the root_group tree of checks (ids are md5 of the
// path, like k6's), handleSummary's data and the `--summary-export` file.
import { createHash } from 'node:crypto';
import type { MetricsEngine, SummaryMetric } from './engine.ts';

export interface LegacyCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}
export interface LegacyGroup {
  name: string;
  path: string;
  id: string;
  groups: LegacyGroup[];
  checks: LegacyCheck[];
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export class GroupTree {
  readonly root: LegacyGroup = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  private readonly byPath = new Map<string, LegacyGroup>([['', this.root]]);

  ensure(path: string): LegacyGroup {
    const existing = this.byPath.get(path);
    if (existing) return existing;
    const i = path.lastIndexOf('::');
    const parent = this.ensure(i <= 0 ? '' : path.slice(0, i));
    const g: LegacyGroup = { name: path.slice(i + 2), path, id: md5(path), groups: [], checks: [] };
    parent.groups.push(g);
    this.byPath.set(path, g);
    return g;
  }

  addCheck(groupPath: string, name: string, ok: boolean): void {
    const g = this.ensure(groupPath);
    let c = g.checks.find((x) => x.name === name);
    if (!c) {
      const path = `${groupPath}::${name}`;
      c = { name, path, id: md5(path), passes: 0, fails: 0 };
      g.checks.push(c);
    }
    if (ok) c.passes++;
    else c.fails++;
  }

  /** Every check, depth first, with its group path. */
  allChecks(): (LegacyCheck & { group: string })[] {
    const out: (LegacyCheck & { group: string })[] = [];
    const walk = (g: LegacyGroup): void => {
      for (const c of g.checks) out.push({ ...c, group: g.path });
      for (const sub of g.groups) walk(sub);
    };
    walk(this.root);
    return out;
  }
}

export interface LegacySummaryData {
  root_group: LegacyGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  setup_data?: unknown;
}

export function buildSummaryData(args: {
  engine: MetricsEngine;
  groups: GroupTree;
  testRunDurationMs: number;
  setupData: unknown;
  summaryTimeUnit?: string;
  noColor?: boolean;
}): LegacySummaryData {
  const data: LegacySummaryData = {
    root_group: structuredClone(args.groups.root),
    options: {
      summaryTrendStats: [...args.engine.trendStats],
      summaryTimeUnit: args.summaryTimeUnit ?? '',
      noColor: !!args.noColor,
    },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: args.testRunDurationMs },
    metrics: args.engine.summaryMetrics(args.testRunDurationMs),
  };
  if (args.setupData !== undefined) data.setup_data = args.setupData;
  return data;
}

/** The `--summary-export` legacy format (k6's summary-wrapper.js): flattened values, `true` = FAILED. */
export function toSummaryExport(data: LegacySummaryData): Record<string, unknown> {
  const group = (g: LegacyGroup): Record<string, unknown> => ({
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((x) => [x.name, group(x)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  });
  const metrics: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(data.metrics)) {
    const flat: Record<string, unknown> = {};
    for (const [vk, vv] of Object.entries(m.values)) flat[m.type === 'rate' && vk === 'rate' ? 'value' : vk] = vv;
    if (m.thresholds) flat.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([e, r]) => [e, !r.ok]));
    metrics[k] = flat;
  }
  const out: Record<string, unknown> = { root_group: group(data.root_group), metrics };
  if (data.setup_data !== undefined) out.setup_data = data.setup_data;
  return out;
}
