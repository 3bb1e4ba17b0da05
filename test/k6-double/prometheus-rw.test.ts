// The k6 double's `-o experimental-prometheus-rw`, as k6's: client_golang's schema-3 buckets, k6's
// series names and labels, remote write 1.0 on the wire (protobuf + snappy, its three headers), only
// series with new samples at each push, a last push at the end, and an endpoint that fails logged,
// never fatal. The pieces here; bin/k6 with the output in prometheus-rw-cli.test.ts, against a real
// Prometheus in prometheus-rw-receiver.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remoteWriteConfig, parseGoDuration } from './outputs/prometheus-rw/config.ts';
import {
  bucketIndex,
  bucketUpperBound,
  encodeBuckets,
  NativeHistogram,
  ZERO_THRESHOLD,
} from './outputs/prometheus-rw/native-histogram.ts';
import { SeriesMapper, statSuffix } from './outputs/prometheus-rw/series.ts';
import { decodeWriteRequestBody, writeRequestBody } from './outputs/prometheus-rw/wire.ts';
import type { Sample } from './types.ts';

test('schema 3 buckets: index ceil(log2(v) * 8), upper bound inclusive, exact on the boundaries', () => {
  assert.equal(bucketIndex(1), 0);
  assert.equal(bucketIndex(1.0000001), 1);
  assert.equal(bucketIndex(2), 8);
  assert.equal(bucketIndex(0.5), -8);
  // 2^(4/8) = sqrt(2) lies between two doubles: the one below is in bucket 4, Math.SQRT2 (above) in 5.
  assert.equal(bucketIndex(0.7071067811865475 * 2), 4);
  assert.equal(bucketIndex(Math.SQRT2), 5);
  assert.equal(bucketIndex(0.001), Math.ceil(Math.log2(0.001) * 8));
  for (let i = 0; i < 2000; i++) {
    const v = 10 ** (Math.random() * 8 - 5);
    const k = bucketIndex(v);
    assert.ok(
      v <= bucketUpperBound(k) * (1 + 1e-12) && v > bucketUpperBound(k - 1) * (1 - 1e-12),
      `${v} in bucket ${k}`,
    );
  }
});

test('bucket encoding: spans start after gaps of more than two empty buckets; counts as deltas', () => {
  const buckets = new Map([
    [-3, 2],
    [-2, 5],
    [0, 1], // a gap of one: written as an empty bucket
    [5, 4], // a gap of four: a new span of offset 4
    [6, 4],
  ]);
  assert.deepEqual(encodeBuckets(buckets), {
    spans: [
      { offset: -3, length: 4 },
      { offset: 4, length: 2 },
    ],
    deltas: [2, 3, -5, 1, 3, 0],
  });
  const h = new NativeHistogram();
  for (const v of [0, ZERO_THRESHOLD, 0.01, 0.0101, 0.3, -2]) h.observe(v);
  const s = h.snapshot();
  assert.equal(s.count, 6);
  assert.equal(s.zeroCount, 2, '0 and the threshold itself go to the zero bucket');
  assert.equal(s.schema, 3);
  assert.equal(s.zeroThreshold, 2.938735877055719e-39);
  assert.deepEqual(s.negativeSpans, [{ offset: 8, length: 1 }]);
  let running = 0;
  const counts = s.positiveDeltas.map((d) => (running += d));
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    3,
    'three positive observations, their counts decoded from the deltas',
  );
});

test("settings from k6's environment: defaults, push interval, trend stats, headers and auth", () => {
  const d = remoteWriteConfig({});
  assert.equal(d.serverUrl, 'http://localhost:9090/api/v1/write');
  assert.equal(d.pushIntervalMs, 5000);
  assert.equal(d.trendAsNativeHistogram, false);
  assert.deepEqual(d.trendStats, ['p(99)']);
  assert.deepEqual(d.headers, {});
  const c = remoteWriteConfig({
    K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:1/api/v1/write',
    K6_PROMETHEUS_RW_PUSH_INTERVAL: '1m30s',
    K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
    K6_PROMETHEUS_RW_TREND_STATS: 'p(95),max,p(99.9)',
    K6_PROMETHEUS_RW_HTTP_HEADERS: 'X-Scope-OrgID:team-a,X-Extra:1',
    K6_PROMETHEUS_RW_BEARER_TOKEN: 'tok',
  });
  assert.equal(c.pushIntervalMs, 90_000);
  assert.equal(c.trendAsNativeHistogram, true);
  assert.deepEqual(c.trendStats, ['p(95)', 'max', 'p(99.9)']);
  assert.deepEqual(c.headers, { 'X-Scope-OrgID': 'team-a', 'X-Extra': '1', Authorization: 'Bearer tok' });
  const basic = remoteWriteConfig({ K6_PROMETHEUS_RW_USERNAME: 'u', K6_PROMETHEUS_RW_PASSWORD: 'p' });
  assert.equal(basic.headers.Authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.ok(Number.isNaN(parseGoDuration('5')));
  assert.throws(() => remoteWriteConfig({ K6_PROMETHEUS_RW_PUSH_INTERVAL: '5' }), /PUSH_INTERVAL/);
  assert.throws(() => remoteWriteConfig({ K6_PROMETHEUS_RW_TREND_STATS: 'p95' }), /invalid stat "p95"/);
  assert.throws(() => remoteWriteConfig({ K6_PROMETHEUS_RW_HTTP_HEADERS: 'a:b:c' }), /<header key>:<value>/);
  assert.equal(statSuffix('p(99.9)'), 'p999');
});

const sample = (
  metric: string,
  type: Sample['type'],
  contains: Sample['contains'],
  value: number,
  time: number,
  tags = {},
): Sample => ({
  metric,
  type,
  contains,
  value,
  time,
  tags: { testid: 't1', ...tags },
});
const nameOf = (s: { labels: { name: string; value: string }[] }): string => s.labels[0]!.value;

test("k6's mapping: names, suffixes, units, sorted labels without empty tags, cumulative sinks, only new series", () => {
  const m = new SeriesMapper({ trendAsNativeHistogram: true, trendStats: ['p(99)'] });
  m.add([
    sample('http_reqs', 'counter', 'default', 1, 1000.7, { service: 'aurora-server', group: '' }),
    sample('http_reqs', 'counter', 'default', 1, 1001.2, { service: 'aurora-server', group: '' }),
    sample('http_req_failed', 'rate', 'default', 1, 1001.2, { service: 'aurora-server' }),
    sample('http_req_failed', 'rate', 'default', 0, 1001.3, { service: 'aurora-server' }),
    sample('http_req_duration', 'trend', 'time', 250, 1001.5),
    sample('vus', 'gauge', 'default', 3, 1002),
    sample('vus', 'gauge', 'default', 5, 1003),
    sample('data_received', 'counter', 'data', 512, 1003),
  ]);
  const first = m.take();
  assert.deepEqual(first.map(nameOf).sort(), [
    'k6_data_received_total',
    'k6_http_req_duration_seconds',
    'k6_http_req_failed_rate',
    'k6_http_reqs_total',
    'k6_vus',
  ]);
  const reqs = first.find((s) => nameOf(s) === 'k6_http_reqs_total')!;
  assert.deepEqual(reqs.labels, [
    { name: '__name__', value: 'k6_http_reqs_total' },
    { name: 'service', value: 'aurora-server' },
    { name: 'testid', value: 't1' },
  ]);
  assert.deepEqual(reqs.samples, [{ value: 2, timestamp: 1001 }]);
  assert.equal(first.find((s) => nameOf(s) === 'k6_http_req_failed_rate')!.samples[0]!.value, 0.5);
  assert.equal(first.find((s) => nameOf(s) === 'k6_vus')!.samples[0]!.value, 5);
  const dur = first.find((s) => nameOf(s) === 'k6_http_req_duration_seconds')!;
  assert.equal(dur.samples.length, 0);
  assert.equal(dur.histograms[0]!.sum, 0.25, 'ms -> s');
  assert.equal(dur.histograms[0]!.timestamp, 1001);

  // A later sample of one series: only that series goes out, with its cumulative value.
  m.add([sample('http_reqs', 'counter', 'default', 1, 2000, { service: 'aurora-server', group: '' })]);
  const second = m.take();
  assert.deepEqual(second.map(nameOf), ['k6_http_reqs_total']);
  assert.deepEqual(second[0]!.samples, [{ value: 3, timestamp: 2000 }]);
  // A sample in the same millisecond as the last one sent is counted but not sent again (as k6).
  m.add([sample('http_reqs', 'counter', 'default', 1, 2000.4, { service: 'aurora-server', group: '' })]);
  assert.deepEqual(m.take(), []);
  assert.deepEqual(m.take(), []);

  const gauges = new SeriesMapper({ trendAsNativeHistogram: false, trendStats: ['p(95)', 'max', 'count'] });
  gauges.add([10, 20, 30, 40].map((v, i) => sample('http_req_duration', 'trend', 'time', v, 5000 + i)));
  const byName = Object.fromEntries(gauges.take().map((s) => [nameOf(s), s.samples[0]!.value]));
  assert.deepEqual(byName, {
    k6_http_req_duration_p95: 0.0385,
    k6_http_req_duration_max: 0.04,
    k6_http_req_duration_count: 0.004, // k6 converts every stat of a time trend, the count too
  });
});

test('the wire: WriteRequest protobuf, snappy block format, decoded back intact', () => {
  const m = new SeriesMapper({ trendAsNativeHistogram: true, trendStats: [] });
  m.add([12, 13, 400].map((v, i) => sample('http_req_duration', 'trend', 'time', v, 7000 + i)));
  m.add([sample('http_reqs', 'counter', 'default', 1, 7000)]);
  const series = m.take();
  const decoded = decodeWriteRequestBody(writeRequestBody(series));
  assert.equal(decoded.timeseries.length, 2);
  const hist = decoded.timeseries.find((t) => (t.labels as { value: string }[])[0]!.value.endsWith('_seconds'))!;
  const h = (hist.histograms as Record<string, unknown>[])[0]!;
  const mine = series.find((s) => s.histograms.length)!.histograms[0]!;
  assert.equal(h.count_int, 3);
  assert.equal(h.sum, mine.sum);
  assert.equal(h.schema, 3);
  assert.equal(h.zero_threshold, ZERO_THRESHOLD);
  assert.equal(h.timestamp, 7002);
  assert.deepEqual(h.positive_spans, mine.positiveSpans);
  assert.deepEqual(h.positive_deltas, mine.positiveDeltas);
});
