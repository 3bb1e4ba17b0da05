// A small verdict with every kind of gate, including names that need escaping in XML/Markdown/HTML.
import type { Verdict } from '../../cli/verdict/model.ts';

export const VERDICT: Verdict = {
  version: 1,
  runId: '20261129-031700-nightly',
  env: 'staging',
  scenario: 'mixed',
  profile: 'nightly',
  startedAt: '2026-11-29T03:17:00.000Z',
  finishedAt: '2026-11-29T03:47:00.000Z',
  k6ExitCode: 99,
  passed: false,
  exitCode: 99,
  gates: [
    {
      kind: 'threshold',
      name: 'http_req_duration{service:aurora-server}: p(95)<800',
      measured: 'p(95) = 912 ms',
      limit: 'p(95) < 800 ms',
      passed: false,
    },
    {
      kind: 'threshold',
      name: 'http_req_failed: rate<0.01',
      measured: 'rate = 0.2% (2 of 1000)',
      limit: 'rate < 1%',
      passed: true,
    },
    {
      kind: 'hpa',
      name: 'aurora-oss-server scale-up',
      measured: 'desired 2→4 after 23 s',
      limit: 'desired above 2 within 60 s of stage 1 start',
      passed: true,
    },
    {
      kind: 'baseline',
      name: 'baseline aurora-server GET /api/incidents?x=<1>&y="2"|z',
      measured: 'p95 120 ms→420 ms (+250%)',
      limit: 'latency +20% and +25 ms; errors +1 pp',
      passed: false,
      detail: 'regressed beyond tolerance: p95\u0007',
    },
  ],
  routes: [
    {
      service: 'aurora-server',
      name: 'GET /api/incidents',
      count: 1200,
      p50: 40.5,
      p95: 420,
      p99: 610.25,
      errorRate: 0.001,
    },
    { service: 'chatbot', name: 'WS /chat', count: 80, p50: 3, p95: 9, p99: 12, errorRate: 0 },
  ],
};
