// smoke: the quickest "is it up": aurora-server's liveness probe at 2 requests/s for 5 s, with the
// run config's target (the simulator by default) and the suite's summary output.
import { check } from 'k6';
import type { Options } from 'k6/options';
import { call, jsonOf } from '../lib/k6/aurora/http.ts';
import { PATH, ROUTE } from '../lib/core/aurora/routes.ts';
import { target } from '../lib/k6/run.ts';
import { SUMMARY_TREND_STATS, SYSTEM_TAGS } from '../lib/core/metric-names.ts';

export { handleSummary } from '../lib/k6/run.ts';

export const options: Options = {
  scenarios: {
    liveness: {
      executor: 'constant-arrival-rate',
      exec: 'liveness',
      rate: 2,
      timeUnit: '1s',
      duration: '5s',
      preAllocatedVUs: 1,
      maxVUs: 2,
    },
  },
  summaryTrendStats: [...SUMMARY_TREND_STATS],
  systemTags: [...SYSTEM_TAGS],
  thresholds: {
    [`http_req_duration{service:aurora-server,name:${ROUTE.liveness}}`]: ['p(95)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

export function liveness(): void {
  const res = call(target, 'GET', PATH.liveness(), { name: ROUTE.liveness });
  check(res, {
    'liveness is 200': (r) => r.status === 200,
    'liveness says alive': () => (jsonOf(res) as { status?: string } | undefined)?.status === 'alive',
  });
}
