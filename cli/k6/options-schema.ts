// A zod schema of the k6 `options` this suite uses, so a malformed threshold or executor fails CI,
// not a nightly run. Follows grafana/k6 metrics/thresholds_parser.go (thresholds) and lib/executor/*.go (executors): required fields
// per executor, duration syntax, scenario and metric name rules, aggregations per metric type.
// Used by tests and by the CLI's plan check; never imported by k6 bundles (zod stays out of them).
import { z } from 'zod';
import {
  aggregationAllowed,
  AGGREGATIONS_BY_TYPE,
  parseMetricKey,
  parseThresholdExpression,
  type MetricType,
} from '../../lib/core/threshold-grammar.ts';
import { parseDurationSeconds } from '../../lib/core/duration.ts';

/** k6's built-in metrics and their types. */
export const BUILTIN_METRIC_TYPES: Record<string, MetricType> = {
  checks: 'rate',
  data_received: 'counter',
  data_sent: 'counter',
  dropped_iterations: 'counter',
  iteration_duration: 'trend',
  iterations: 'counter',
  vus: 'gauge',
  vus_max: 'gauge',
  group_duration: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_req_receiving: 'trend',
  http_req_sending: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_waiting: 'trend',
  http_reqs: 'counter',
  ws_connecting: 'trend',
  ws_msgs_received: 'counter',
  ws_msgs_sent: 'counter',
  ws_ping: 'trend',
  ws_session_duration: 'trend',
  ws_sessions: 'counter',
};

/** Milliseconds of a k6 duration string ('1m30s'), or undefined when it is not one. A bare number is ms, as in k6 options. */
export function durationMs(d: string | number): number | undefined {
  if (typeof d === 'number') return Number.isFinite(d) && d >= 0 ? d : undefined;
  try {
    return parseDurationSeconds(d) * 1000;
  } catch {
    return undefined;
  }
}

const duration = (min = 0, what = 'a duration') =>
  z.union([z.string(), z.number()]).superRefine((v, ctx) => {
    const ms = durationMs(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not ${what}; write e.g. "30s", "1m30s" or "500ms"` });
    } else if (ms < min) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is shorter than k6's minimum of ${min / 1000}s` });
    }
  });

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const stage = z.strictObject({ duration: duration(0), target: nonNegativeInt });

const common = {
  startTime: duration().optional(),
  gracefulStop: duration().optional(),
  exec: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, 'exec must name an exported function')
    .optional(),
  env: z.record(z.string(), z.string()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
};

const executors = [
  z
    .strictObject({
      executor: z.literal('shared-iterations'),
      ...common,
      vus: positiveInt.optional(),
      iterations: positiveInt.optional(),
      maxDuration: duration(1000).optional(),
    })
    .refine((s) => (s.iterations ?? 1) >= (s.vus ?? 1), {
      message: 'iterations must be at least vus',
      path: ['iterations'],
    }),
  z.strictObject({
    executor: z.literal('per-vu-iterations'),
    ...common,
    vus: positiveInt.optional(),
    iterations: positiveInt.optional(),
    maxDuration: duration(1000).optional(),
  }),
  z.strictObject({
    executor: z.literal('constant-vus'),
    ...common,
    vus: positiveInt.optional(),
    duration: duration(1000),
  }),
  z
    .strictObject({
      executor: z.literal('ramping-vus'),
      ...common,
      startVUs: nonNegativeInt.optional(),
      stages: z.array(stage).min(1, 'needs at least one stage'),
      gracefulRampDown: duration().optional(),
    })
    .refine((s) => Math.max(s.startVUs ?? 1, ...s.stages.map((x) => x.target)) > 0, {
      message: 'startVUs or some stage target must be above 0',
      path: ['stages'],
    }),
  z
    .strictObject({
      executor: z.literal('constant-arrival-rate'),
      ...common,
      rate: positiveInt,
      timeUnit: duration(1).optional(),
      duration: duration(1000),
      preAllocatedVUs: nonNegativeInt,
      maxVUs: nonNegativeInt.optional(),
    })
    .refine((s) => s.maxVUs === undefined || s.maxVUs >= s.preAllocatedVUs, {
      message: 'maxVUs must be at least preAllocatedVUs',
      path: ['maxVUs'],
    }),
  z
    .strictObject({
      executor: z.literal('ramping-arrival-rate'),
      ...common,
      startRate: nonNegativeInt.optional(),
      timeUnit: duration(1).optional(),
      stages: z.array(stage).min(1, 'needs at least one stage'),
      preAllocatedVUs: nonNegativeInt,
      maxVUs: nonNegativeInt.optional(),
    })
    .refine((s) => s.maxVUs === undefined || s.maxVUs >= s.preAllocatedVUs, {
      message: 'maxVUs must be at least preAllocatedVUs',
      path: ['maxVUs'],
    }),
] as const;

const EXECUTOR_NAMES = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
];

const scenario = z.unknown().superRefine((value, ctx) => {
  const executor = (value as { executor?: unknown } | null)?.executor;
  const index = EXECUTOR_NAMES.indexOf(String(executor));
  if (index < 0) {
    const hint = executor === 'externally-controlled' ? ' (removed in k6 v2)' : '';
    ctx.addIssue({
      code: 'custom',
      path: ['executor'],
      message: `unknown executor "${String(executor)}"${hint}; use one of ${EXECUTOR_NAMES.join(', ')}`,
    });
    return;
  }
  const result = executors[index].safeParse(value);
  if (!result.success)
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: describeIssue(issue) });
});

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.join(', ')}; check the spelling against k6's executor docs`;
  return issue.message;
}

const thresholdValue = z.union([
  z.string(),
  z.strictObject({ threshold: z.string(), abortOnFail: z.boolean().optional(), delayAbortEval: duration().optional() }),
]);

/** k6's system tag names (metrics/system_tag.go); k6 silently drops unknown names from `systemTags`. */
export const K6_SYSTEM_TAG_NAMES = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
  'iter',
  'vu',
  'ocsp_status',
  'ip',
] as const;

const TREND_STATS = /^(avg|min|med|max|count|p\((\d+(\.\d+)?)\))$/;

export interface ValidateOptions {
  /** Types of the custom metrics the script defines, by name. */
  metricTypes?: Record<string, MetricType>;
}

export type ValidationIssue = { path: string; message: string };
export type ValidationResult = { ok: true } | { ok: false; issues: ValidationIssue[] };

/** The options schema for a given set of custom metric types. */
export function k6OptionsSchema(opts: ValidateOptions = {}) {
  const types: Record<string, MetricType> = { ...BUILTIN_METRIC_TYPES, ...opts.metricTypes };
  const thresholds = z
    .record(z.string(), z.array(thresholdValue).min(1, 'needs at least one expression'))
    .superRefine((map, ctx) => {
      for (const [key, list] of Object.entries(map)) {
        const parsedKey = parseMetricKey(key);
        if (!parsedKey.ok) {
          ctx.addIssue({ code: 'custom', path: [key], message: parsedKey.error });
          continue;
        }
        const type = types[parsedKey.value.metric];
        if (!type) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `no metric "${parsedKey.value.metric}" is defined; define it in the script (k6/metrics) or fix the name`,
          });
          continue;
        }
        list.forEach((entry, i) => {
          const source = typeof entry === 'string' ? entry : entry.threshold;
          const expr = parseThresholdExpression(source);
          if (!expr.ok) {
            ctx.addIssue({ code: 'custom', path: [key, i], message: expr.error });
            return;
          }
          if (!aggregationAllowed(type, expr.value.aggregation)) {
            ctx.addIssue({
              code: 'custom',
              path: [key, i],
              message: `"${source}": ${type} metric "${parsedKey.value.metric}" allows ${AGGREGATIONS_BY_TYPE[type].join(', ')}`,
            });
          }
        });
      }
    });
  return z.looseObject({
    scenarios: z
      .record(z.string().regex(/^[0-9a-zA-Z_-]+$/, 'scenario names may use only letters, digits, _ and -'), scenario)
      .optional(),
    thresholds: thresholds.optional(),
    summaryTrendStats: z.array(z.string().regex(TREND_STATS, 'use avg, min, med, max, count or p(N)')).optional(),
    summaryTimeUnit: z.enum(['s', 'ms', 'us']).optional(),
    systemTags: z.array(z.enum(K6_SYSTEM_TAG_NAMES)).optional(),
    setupTimeout: duration().optional(),
    teardownTimeout: duration().optional(),
    noCookiesReset: z.boolean().optional(),
    discardResponseBodies: z.boolean().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    userAgent: z.string().optional(),
  });
}

/** Validates k6 options; issues carry dot-paths like `scenarios.api.preAllocatedVUs`. */
export function validateK6Options(options: unknown, opts: ValidateOptions = {}): ValidationResult {
  const result = k6OptionsSchema(opts).safeParse(options);
  if (result.success) return { ok: true };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: describeIssue(i) })),
  };
}
