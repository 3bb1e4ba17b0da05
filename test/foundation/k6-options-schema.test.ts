// The options validator: what k6 would refuse at start-up is refused here first, with the path of the bad field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { durationMs, validateK6Options } from '../../cli/k6/options-schema.ts';
import { parseThresholdExpression } from '../../lib/core/threshold-grammar.ts';

const arrival = { executor: 'constant-arrival-rate', rate: 5, duration: '30s', preAllocatedVUs: 2, maxVUs: 4 };

function issues(options: unknown) {
  const result = validateK6Options(options, { metricTypes: { aurora_sticky_session_ok: 'rate' } });
  return result.ok ? [] : result.issues;
}

describe('k6 options validator', () => {
  it('accepts a well-formed scenario, thresholds and trend stats', () => {
    assert.deepEqual(
      issues({
        scenarios: { api: arrival, chat: { executor: 'ramping-vus', stages: [{ duration: '10s', target: 2 }] } },
        thresholds: {
          'http_req_duration{service:aurora-server,name:GET /api/incidents}': ['p(95)<500', 'p(99)<=1500'],
          http_req_failed: [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '10s' }],
          aurora_sticky_session_ok: ['rate>0.99'],
        },
        summaryTrendStats: ['avg', 'p(50)', 'p(95)', 'p(99)', 'count'],
      }),
      [],
    );
  });

  it('rejects a threshold with no number after the operator, naming the key and index', () => {
    const found = issues({ thresholds: { http_req_duration: ['p(95)<'] } });
    assert.equal(found.length, 1);
    assert.equal(found[0].path, 'thresholds.http_req_duration.0');
    assert.match(found[0].message, /needs a number after "<"/);
  });

  it('rejects an unknown executor at scenarios.<name>.executor', () => {
    const found = issues({ scenarios: { api: { executor: 'constant-arrival', rate: 1, duration: '1s' } } });
    assert.equal(found[0].path, 'scenarios.api.executor');
    assert.match(found[0].message, /unknown executor "constant-arrival"; use one of/);
  });

  it('names the removed externally-controlled executor as removed in k6 v2', () => {
    const found = issues({ scenarios: { api: { executor: 'externally-controlled', duration: '0s' } } });
    assert.match(found[0].message, /removed in k6 v2/);
  });

  it('rejects an arrival-rate scenario without preAllocatedVUs', () => {
    const { preAllocatedVUs: _omit, ...withoutPool } = arrival;
    const found = issues({ scenarios: { api: withoutPool } });
    assert.equal(found[0].path, 'scenarios.api.preAllocatedVUs');
    assert.match(found[0].message, /is required/);
  });

  it('rejects a ramping-arrival-rate stage without a target', () => {
    const found = issues({
      scenarios: { ramp: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '5s' }] } },
    });
    assert.equal(found[0].path, 'scenarios.ramp.stages.0.target');
  });

  it('rejects a misspelt executor field', () => {
    const found = issues({ scenarios: { api: { ...arrival, preAllocatedVus: 3 } } });
    assert.equal(found[0].path, 'scenarios.api');
    assert.match(found[0].message, /unknown field\(s\) preAllocatedVus/);
  });

  it('rejects durations k6 cannot read or below its 1s minimum', () => {
    assert.match(issues({ scenarios: { api: { ...arrival, duration: '30 seconds' } } })[0].message, /not a duration/);
    assert.match(issues({ scenarios: { api: { ...arrival, duration: '500ms' } } })[0].message, /minimum of 1s/);
  });

  it('rejects bad scenario names and bad metric names', () => {
    assert.equal(issues({ scenarios: { 'rest api': arrival } })[0].path, 'scenarios.rest api');
    assert.match(issues({ thresholds: { '1bad': ['count>1'] } })[0].message, /must match/);
  });

  it('rejects an aggregation that the metric type does not have', () => {
    const found = issues({ thresholds: { http_req_failed: ['p(95)<0.1'], http_reqs: ['avg>1'] } });
    assert.deepEqual(
      found.map((i) => i.path),
      ['thresholds.http_req_failed.0', 'thresholds.http_reqs.0'],
    );
    assert.match(found[0].message, /rate metric "http_req_failed" allows rate/);
  });

  it('rejects thresholds on metrics the script does not define', () => {
    assert.match(issues({ thresholds: { aurora_nope: ['rate>0'] } })[0].message, /no metric "aurora_nope"/);
  });

  it('rejects percentiles outside 0..100 and unknown trend stats', () => {
    assert.match(issues({ thresholds: { http_req_duration: ['p(101)<5'] } })[0].message, /from 0 to 100/);
    assert.equal(issues({ summaryTrendStats: ['p95'] })[0].path, 'summaryTrendStats.0');
  });
});

describe('threshold expressions', () => {
  it('scans operators in k6 order, so "<=" is not read as "<"', () => {
    const parsed = parseThresholdExpression('p(99.9) <= 250');
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.value.aggregation, parsed.value.operator, parsed.value.value], ['p(99.9)', '<=', 250]);
  });
});

describe('k6 durations', () => {
  it('reads compound durations to milliseconds', () => {
    assert.equal(durationMs('1m30s'), 90_000);
    assert.equal(durationMs('1h'), 3_600_000);
    assert.equal(durationMs('250ms'), 250);
    assert.equal(durationMs('soon'), undefined);
  });
});
