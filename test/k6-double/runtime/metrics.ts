// k6 test double: k6/metrics as the suite uses it: Counter, Rate and Trend. Declared in the init context only,
// with k6's name rule and type/value-type conflict checks; add() emits one sample with the
// context's tags.
import { BUILTIN_METRICS, METRIC_NAME_RE } from './builtin-metrics.ts';
import { nowMs, stringifyTags } from './convert.ts';
import { initContextError } from './errors.ts';
import type { VuContext } from './vu-context.ts';
import type { MetricContains, MetricType } from '../types.ts';

/** The number add() records, or null for a value k6 refuses (Rate turns it into 0/1). */
function metricValue(value: unknown, mtype: MetricType): number | null {
  let v: number;
  if (typeof value === 'boolean') v = value ? 1 : 0;
  else if (typeof value === 'number' && !Number.isNaN(value)) v = value;
  else if (value !== null && value !== undefined && !Number.isNaN(Number(value)) && typeof value !== 'object')
    v = Number(value);
  else return null;
  return mtype === 'rate' ? (v !== 0 ? 1 : 0) : v;
}

export function createMetricsModule(ctx: VuContext) {
  const { st } = ctx;

  class Metric {
    readonly name: string;
    protected readonly mtype: MetricType;
    protected readonly contains: MetricContains;
    constructor(name: string, isTime: boolean | undefined, mtype: MetricType) {
      if (!st.inInit) throw initContextError('metrics must be declared in the init context');
      if (typeof name !== 'string' || !METRIC_NAME_RE.test(name)) {
        throw new Error(
          `Invalid metric name: '${String(name)}'. Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore.`,
        );
      }
      const contains: MetricContains = mtype === 'trend' && isTime ? 'time' : 'default';
      const existing = BUILTIN_METRICS[name] ?? st.customMetrics.get(name);
      if (existing && existing[0] !== mtype) {
        throw new Error(`metric '${name}' already exists but with type ${existing[0]}, instead of ${mtype}`);
      }
      if (existing && existing[1] !== contains) {
        throw new Error(`metric '${name}' already exists but with a value type ${existing[1]}, instead of ${contains}`);
      }
      if (!BUILTIN_METRICS[name]) st.customMetrics.set(name, [mtype, contains]);
      this.name = name;
      this.mtype = mtype;
      this.contains = contains;
    }
    add(value: number | boolean, tags?: Record<string, unknown>): boolean {
      if (st.inInit) throw initContextError('Adding to metrics in the init context is not supported');
      const v = metricValue(value, this.mtype);
      if (v === null) {
        ctx.log(
          'warning',
          `'${String(value)}' is an invalid value for metric '${this.name}', a number or a boolean value is expected`,
        );
        return false;
      }
      ctx.emit(this.name, v, { ...ctx.baseTags(), ...stringifyTags(tags) }, nowMs(), this.mtype, this.contains);
      return true;
    }
  }
  class Counter extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'counter');
    }
  }
  class Rate extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'rate');
    }
  }
  class Trend extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'trend');
    }
  }
  return { Counter, Rate, Trend };
}

/** Every metric the VU knows: the built-in ones and the custom ones its init context declared. */
export function declaredMetrics({ st }: VuContext): Record<string, [MetricType, MetricContains]> {
  return { ...BUILTIN_METRICS, ...Object.fromEntries(st.customMetrics) };
}
