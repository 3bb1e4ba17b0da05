// A distributed run's analysis read from Prometheus: the PromQL (the load's series of the testid,
// setup/teardown and RCA polls left out as the NDJSON analysis leaves them out), the answers turned
// into the route table and the per-service series (summed runners, gaps as null, never a fake zero),
// and the whole-run aggregates the verdict reads (spend, 429s, the report's tiles).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  aggregateFrom,
  aggregationQueries,
  bucketLayout,
  counterName,
  counterSoFarQuery,
  DROPPED_COUNTER,
  ITERATIONS_COUNTER,
  loadSeriesFromAnswers,
  perBucket,
  rangeWindow,
  routeCountQuery,
  routeFailedQuery,
  routeMatchers,
  routeQuantileQuery,
  routesFromAnswers,
  seriesFromAnswers,
  serviceQuantileQuery,
  serviceRequestsSoFarQuery,
  trendCountQuery,
  trendFromAnswers,
  trendQuantileQuery,
  type Matrix,
  type Vector,
} from '../../cli/distributed/index.ts';
import { UNTAGGED } from '../../cli/analysis/index.ts';

const ROUTE_SEL = 'testid="run-1",group!="::setup",group!="::teardown",phase!="poll"';

test('the route table reads the load of the testid: setup, teardown and RCA polls left out', () => {
  assert.equal(routeMatchers('run-1'), ROUTE_SEL);
  assert.equal(
    routeMatchers('a"b'),
    'testid="a\\"b",group!="::setup",group!="::teardown",phase!="poll"',
    'the testid is a quoted PromQL string',
  );
  // Counts: each series' last running total (exact), summed over the runners per service and name.
  assert.equal(
    routeCountQuery('run-1', 90.2),
    `sum by (service, name) (max_over_time(k6_http_reqs_total{${ROUTE_SEL}}[91s]))`,
  );
  // Errors: each series' failed ratio weighted by its requests, so several runners combine exactly.
  assert.equal(
    routeFailedQuery('run-1', 90),
    `sum by (service, name) (round(last_over_time(k6_http_req_failed_rate{${ROUTE_SEL}}[90s]) * last_over_time(k6_http_reqs_total{${ROUTE_SEL}}[90s])))`,
  );
  assert.deepEqual(routeQuantileQuery(95, 'run-1', 90), {
    query: `histogram_quantile(0.95, sum by (service, name) (last_over_time(k6_http_req_duration_seconds{${ROUTE_SEL}}[90s])))`,
    // Prometheus 2.42 keeps no histogram in last_over_time: the latest within its lookback then.
    fallback: `histogram_quantile(0.95, sum by (service, name) (k6_http_req_duration_seconds{${ROUTE_SEL}}))`,
  });
});

test('the series: running totals per service (polls kept) and quantiles of rate() over one bucket', () => {
  const load = 'testid="run-1",group!="::setup",group!="::teardown"';
  assert.equal(
    serviceRequestsSoFarQuery('run-1', 184),
    `sum by (service) (last_over_time(k6_http_reqs_total{${load}}[184s]))`,
  );
  assert.equal(
    serviceQuantileQuery(99, 'run-1', 8),
    `histogram_quantile(0.99, sum by (service) (rate(k6_http_req_duration_seconds{${load}}[8s])))`,
  );
});

test('buckets cover the load window: power-of-two seconds on the epoch, at least 4 s, at most the cap', () => {
  const start = 1_000_002_500;
  const short = bucketLayout(start, start + 30_000);
  assert.equal(short.seconds, 4);
  assert.equal(short.times[0], 1_000_000_000, 'the first bucket holds the load start, aligned on 4 s');
  assert.ok((short.times.at(-1) as number) <= start + 30_000 && (short.times.at(-1) as number) + 4000 > start + 30_000);
  assert.ok(short.times.every((t, k) => k === 0 || t - (short.times[k - 1] as number) === 4000));
  // Each bucket's value is asked at its end, one step a bucket.
  assert.deepEqual(rangeWindow(short), {
    fromMs: 1_000_004_000,
    toMs: (short.times.at(-1) as number) + 4000,
    stepSeconds: 4,
  });

  const hour = bucketLayout(start, start + 3_600_000, 600);
  assert.equal(hour.seconds, 8, 'an hour in at most 600 buckets: 8 s');
  assert.ok(hour.times.length <= 600);
  assert.deepEqual(bucketLayout(start, start), { seconds: 4, times: [] }, 'no load, no bucket');
  assert.equal(rangeWindow({ seconds: 4, times: [] }), null);
});

const v = (metric: Record<string, string>, value: string): Vector[number] => ({ metric, value: [1, value] });

test('route table: percentiles in ms, errors weighted by requests, missing labels read as the NDJSON reads tags', () => {
  const server = { service: 'aurora-server', name: 'GET /api/incidents' };
  const chat = { service: 'aurora-server', name: 'POST /chat_api/sessions' };
  const routes = routesFromAnswers({
    counts: [v(chat, '40'), v(server, '600'), v({ name: 'GET /x' }, '3'), v({ service: 'chatbot' }, '0')],
    failed: [v(server, '6'), v(chat, '0')],
    quantiles: {
      50: [v(server, '0.0325'), v(chat, 'NaN')],
      95: [v(server, '0.0549'), v(chat, '0.028')],
      99: [v(server, '0.0594')],
    },
  });
  assert.deepEqual(routes, [
    {
      service: 'aurora-server',
      name: 'GET /api/incidents',
      count: 600,
      p50: 32.5,
      p95: 54.9,
      p99: 59.4,
      errorRate: 0.01,
    },
    // A quantile Prometheus could not give (NaN, no answer) is 0, as the NDJSON analysis gives it.
    { service: 'aurora-server', name: 'POST /chat_api/sessions', count: 40, p50: 0, p95: 28, p99: 0, errorRate: 0 },
    { service: UNTAGGED, name: 'GET /x', count: 3, p50: 0, p95: 0, p99: 0, errorRate: 0 },
  ]);
  assert.deepEqual(routesFromAnswers({ counts: [], failed: [], quantiles: {} }), [], 'no series, no route');
});

test('route table: several answers for one route (one per runner) add up', () => {
  const route = { service: 'aurora-server', name: 'GET /api/incidents' };
  const [r] = routesFromAnswers({
    counts: [v({ ...route }, '118'), v({ ...route }, '113')],
    failed: [v({ ...route }, '2'), v({ ...route }, '1')],
    quantiles: { 95: [v(route, '0.1')] },
  });
  assert.equal(r?.count, 231);
  assert.equal(r?.errorRate, 3 / 231);
});

const at = (ms: number): number => ms / 1000;

test('series: running totals become per-bucket counts; quantiles null where a bucket had nothing', () => {
  const times = [0, 4000, 8000, 12_000];
  // Two runners' series of aurora-server summed by the query; chatbot starts later.
  const requestsSoFar: Matrix = [
    {
      metric: { service: 'aurora-server' },
      values: [
        [at(4000), '10'],
        [at(8000), '30'],
        [at(12_000), '30'],
        [at(16_000), '42'],
      ],
    },
    {
      metric: { service: 'chatbot' },
      values: [
        [at(12_000), '5'],
        [at(16_000), '5'],
      ],
    },
  ];
  const failedSoFar: Matrix = [
    {
      metric: { service: 'aurora-server' },
      values: [
        [at(8000), '2'],
        [at(16_000), '2'],
      ],
    },
  ];
  const p95: Matrix = [
    {
      metric: { service: 'aurora-server' },
      values: [
        [at(4000), '0.05'],
        [at(8000), '0.07'],
        [at(12_000), 'NaN'],
        [at(16_000), '0.06'],
      ],
    },
  ];
  const http = seriesFromAnswers({ requestsSoFar, failedSoFar, quantiles: { 95: p95 } }, times, 4);
  assert.deepEqual(Object.keys(http), ['aurora-server', 'chatbot']);
  const server = http['aurora-server']!;
  assert.deepEqual(server.count, [10, 20, 0, 12]);
  assert.deepEqual(server.rps, [2.5, 5, 0, 3]);
  assert.deepEqual(server.errors, [0, 2, 0, 0]);
  assert.deepEqual(server.errorRate, [0, 0.1, null, 0], 'no request, no rate (not a zero)');
  assert.deepEqual(server.p95, [50, 70, null, 60]);
  assert.deepEqual(server.p50, [null, null, null, null], 'a quantile not answered is a gap');
  const chatbot = http.chatbot!;
  assert.deepEqual(chatbot.count, [0, 0, 5, 0]);
  assert.deepEqual(chatbot.errors, [0, 0, 0, 0]);
  assert.deepEqual(chatbot.errorRate, [null, null, 0, null]);
  assert.deepEqual(seriesFromAnswers({ requestsSoFar: [], failedSoFar: [], quantiles: {} }, times, 4), {});
});

test('custom Trends: quantiles per bucket in k6 units, samples estimated by increase(), nothing when nothing was recorded', () => {
  const load = 'testid="run-1",group!="::setup",group!="::teardown"';
  assert.equal(
    trendQuantileQuery('aurora_ws_time_to_first_message', 'time', 95, 'run-1', 4),
    `histogram_quantile(0.95, sum(rate(k6_aurora_ws_time_to_first_message_seconds{${load}}[4s])))`,
  );
  assert.equal(
    trendCountQuery('aurora_llm_chat_tokens', 'default', 'run-1', 8),
    `round(histogram_count(sum(increase(k6_aurora_llm_chat_tokens{${load}}[8s]))))`,
  );
  const times = [0, 4000, 8000];
  const ttfm = trendFromAnswers(
    {
      counts: [
        {
          metric: {},
          values: [
            [at(4000), '3'],
            [at(8000), '0'],
            [at(12_000), '2'],
          ],
        },
      ],
      quantiles: {
        95: [
          {
            metric: {},
            values: [
              [at(4000), '0.25'],
              [at(12_000), 'NaN'],
            ],
          },
        ],
      },
    },
    times,
    4,
    1000,
  );
  assert.deepEqual(ttfm, {
    count: [3, 0, 2],
    p50: [null, null, null],
    p95: [250, null, null],
    p99: [null, null, null],
  });
  assert.equal(trendFromAnswers({ counts: [], quantiles: {} }, times, 4, 1000), undefined);
});

test('iterations, dropped iterations and spend: running totals of the load over all runners at each bucket end', () => {
  const load = 'testid="run-1",group!="::setup",group!="::teardown"';
  assert.equal(
    counterSoFarQuery(ITERATIONS_COUNTER, 'run-1', 184),
    `sum(last_over_time(k6_iterations_total{${load}}[184s]))`,
  );
  assert.equal(DROPPED_COUNTER, 'k6_dropped_iterations_total');
  assert.equal(counterName('aurora_llm_spend_usd'), 'k6_aurora_llm_spend_usd_total');

  const times = [0, 4000, 8000, 12_000];
  const one = (values: Array<[number, string]>): Matrix => [{ metric: {}, values }];
  const series = loadSeriesFromAnswers(
    {
      iterationsSoFar: one([
        [at(4000), '8'],
        [at(8000), '20'],
        [at(12_000), '20'],
        [at(16_000), '28'],
      ]),
      droppedSoFar: [],
      // spend: a bucket without an answer keeps the total so far, never drops to 0
      spendSoFar: one([
        [at(4000), '0.5'],
        [at(12_000), '1.25'],
      ]),
    },
    times,
    4,
  );
  assert.deepEqual(series, {
    iterationsEnded: [2, 3, 0, 2],
    dropped: null,
    spend: [0.5, 0.5, 1.25, 1.25],
  });
});

test('perBucket: the differences of running totals, a missing answer adds nothing', () => {
  assert.deepEqual(perBucket([null, 3, 3, null, 10]), [0, 3, 0, 0, 7]);
  assert.deepEqual(perBucket([]), []);
});

test('whole-run aggregates: asked as thresholds of each aggregation are, in the NDJSON analysis vocabulary', () => {
  const time = { type: 'trend', contains: 'time' } as const;
  const trend = aggregationQueries('http_req_duration', time, 'run-1', 60);
  assert.deepEqual(
    trend.map((q) => q.aggregation),
    ['count', 'avg', 'med', 'p(90)', 'p(95)', 'p(99)'],
  );
  assert.ok(
    trend.every((q) => q.fallback),
    'histograms have the lookback fallback',
  );
  assert.equal(trend.find((q) => q.aggregation === 'p(95)')?.scale, 1000, 'seconds to ms');
  assert.equal(trend.find((q) => q.aggregation === 'count')?.scale, 1);
  assert.deepEqual(
    aggregationQueries('aurora_llm_spend_usd', { type: 'counter' }, 'run-1', 60).map((q) => q.query),
    ['sum(last_over_time(k6_aurora_llm_spend_usd_total{testid="run-1"}[60s]))'],
  );
  const failed = aggregationQueries('http_req_failed', { type: 'rate' }, 'run-1', 60);
  assert.match(failed[0]!.query, /k6_http_req_failed_rate.*\* .*k6_http_reqs_total/);
  assert.deepEqual(aggregationQueries('vus', { type: 'gauge' }, 'run-1', 60), []);

  assert.deepEqual(
    aggregateFrom(time, { count: 231, avg: 40, med: 30, 'p(90)': 80, 'p(95)': 96.3, 'p(99)': 168 }),
    { type: 'trend', contains: 'time', count: 231, value: 40, p50: 30, p90: 80, p95: 96.3, p99: 168 },
    'no min or max: a native histogram does not keep them',
  );
  assert.equal(aggregateFrom(time, { count: undefined }), undefined, 'no series, no aggregate');
  assert.equal(aggregateFrom(time, { count: 0 }), undefined);
  assert.deepEqual(aggregateFrom({ type: 'counter' }, { count: 1.25 }), {
    type: 'counter',
    contains: 'default',
    count: 0,
    value: 1.25,
  });
  assert.deepEqual(aggregateFrom({ type: 'rate' }, { rate: 0.02 }, 231), {
    type: 'rate',
    contains: 'default',
    count: 231,
    value: 0.02,
  });
});
