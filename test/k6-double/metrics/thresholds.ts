// k6 test double: an INDEPENDENT parser and evaluator of k6's threshold syntax, kept only as a
// cross-check of the suite's own parser (threshold-crosscheck.test.ts compares the two on every
// threshold the suite builds) and to give the double's runs k6's exit code 99. It follows k6's
// metrics/thresholds_parser.go and ParseMetricName, not the suite's code; where the two disagree the
// cross-check fails. Percentiles are evaluated in sink.ts.
import { parseDurationMs } from '../runtime/convert.ts';
import type { MetricType, Tags } from '../types.ts';

export type AggMethod = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | 'p';
export type ThresholdOp = '>' | '>=' | '<=' | '<' | '==' | '===' | '!=';

export interface ThresholdExpr {
  source: string;
  method: AggMethod;
  /** percentile in [0, 100] for method 'p' */
  p?: number;
  /** k6's sink key, e.g. "p(95)" (formatted like Go's %g) */
  key: string;
  op: ThresholdOp;
  rhs: number;
}

export interface ThresholdDef {
  expr: ThresholdExpr;
  abortOnFail: boolean;
  delayAbortEval?: string;
  delayAbortEvalMs: number;
}

const OPERATORS: ThresholdOp[] = ['<=', '<', '>=', '>', '===', '==', '!='];
export const METHODS_BY_TYPE: Record<MetricType, AggMethod[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

function formatG(n: number): string {
  // Go's %g for the values people write in thresholds: no trailing zeros
  return String(Number(n.toPrecision(15)));
}

/** Go's strconv.ParseFloat for the decimal numbers people write (no hex, no Inf/NaN); null if refused. */
function goFloat(text: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Parses one threshold expression; throws with a k6-like message when it is invalid. */
export function parseThresholdExpr(source: string): ThresholdExpr {
  const s = source;
  let opIdx = -1;
  let op: ThresholdOp | null = null;
  // k6's scanner: the first operator found, trying them in this order
  for (const candidate of OPERATORS) {
    const i = s.indexOf(candidate);
    if (i >= 0) {
      opIdx = i;
      op = candidate;
      break;
    }
  }
  if (!op) throw new Error(`failed parsing threshold expression "${source}": malformed expression, no operator found`);
  const lhs = s.slice(0, opIdx).trim();
  const rhsStr = s.slice(opIdx + op.length).trim();
  const rhs = goFloat(rhsStr);
  if (rhs === null) {
    throw new Error(`failed parsing threshold expression "${source}": malformed threshold value "${rhsStr}"`);
  }
  const pm = /^p\((.+)\)$/.exec(lhs);
  if (pm) {
    const p = goFloat(pm[1]!.trim());
    if (p === null || p < 0 || p > 100) {
      throw new Error(
        `failed parsing threshold expression "${source}": invalid percentile "${pm[1]}", it should be a number between 0 and 100`,
      );
    }
    return { source, method: 'p', p, key: `p(${formatG(p)})`, op, rhs };
  }
  if (!['count', 'rate', 'value', 'avg', 'min', 'max', 'med'].includes(lhs)) {
    throw new Error(`failed parsing threshold expression "${source}": unknown aggregation method "${lhs}"`);
  }
  return { source, method: lhs as AggMethod, key: lhs, op, rhs };
}

export interface MetricKey {
  name: string;
  /** the raw "k:v,k2:v2" text inside the braces, trimmed, or null */
  suffix: string | null;
  tags: Tags | null;
}

/** k6's ParseMetricName: `name{k:v,k2:v2}`; keys/values trimmed, quotes stripped. */
export function parseMetricKey(key: string): MetricKey {
  const open = key.indexOf('{');
  if (open < 0) return { name: key.trim(), suffix: null, tags: null };
  if (!key.endsWith('}')) throw new Error(`invalid metric name "${key}": missing closing curly brace`);
  const name = key.slice(0, open).trim();
  const suffix = key.slice(open + 1, -1).trim();
  const tags: Tags = {};
  for (const pair of suffix.split(',')) {
    const i = pair.indexOf(':');
    if (i <= 0) throw new Error(`invalid metric name "${key}": tag "${pair}" has no value`);
    const strip = (x: string) => x.trim().replace(/^["']|["']$/g, '');
    tags[strip(pair.slice(0, i))] = strip(pair.slice(i + 1));
  }
  return { name, suffix, tags };
}

export function parseThresholds(thresholds: unknown): Map<string, ThresholdDef[]> {
  const out = new Map<string, ThresholdDef[]>();
  if (!thresholds || typeof thresholds !== 'object') return out;
  for (const [key, list] of Object.entries(thresholds as Record<string, unknown>)) {
    parseMetricKey(key);
    const arr = Array.isArray(list) ? list : [list];
    const defs: ThresholdDef[] = arr.map((t) => {
      if (typeof t === 'string') return { expr: parseThresholdExpr(t), abortOnFail: false, delayAbortEvalMs: 0 };
      if (t && typeof t === 'object' && typeof (t as { threshold?: unknown }).threshold === 'string') {
        const o = t as { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
        return {
          expr: parseThresholdExpr(o.threshold),
          abortOnFail: !!o.abortOnFail,
          delayAbortEval: o.delayAbortEval,
          delayAbortEvalMs: parseDurationMs(o.delayAbortEval, 0),
        };
      }
      throw new Error(`invalid threshold for "${key}": ${JSON.stringify(t)}`);
    });
    out.set(key, defs);
  }
  return out;
}

export function compareThreshold(a: number, op: ThresholdOp, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
    case '===':
      return a === b;
    case '!=':
      return a !== b;
  }
}
