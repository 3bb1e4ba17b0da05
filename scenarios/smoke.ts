// The smallest end-to-end scenario: aurora-server's liveness probe, one VU, a few seconds.
import http from 'k6/http';
import { check } from 'k6';
import type { Options } from 'k6/options';

const BASE_URL = __ENV.AURORA_API_URL || 'http://127.0.0.1:5080';

export const options: Options = {
  scenarios: {
    liveness: { executor: 'constant-arrival-rate', rate: 2, timeUnit: '1s', duration: '5s', preAllocatedVUs: 1, maxVUs: 2 },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(95)', 'p(99)', 'count'],
  thresholds: {
    'http_req_duration{name:GET /health/liveness}': ['p(95)<500'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

export default function liveness(): void {
  const res = http.get(`${BASE_URL}/health/liveness`, {
    tags: { service: 'aurora-server', name: 'GET /health/liveness' },
  });
  check(res, {
    'liveness is 200': (r) => r.status === 200,
    'liveness says alive': (r) => (r.json() as { status?: string } | null)?.status === 'alive',
  });
}
