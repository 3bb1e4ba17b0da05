// Specification of the note that explains k6's ✗ on a passing ramping-arrival-rate scenario
// (cli/run/terminal/schedule-end.ts): k6 ends such a scenario when its schedule has no iteration left
// to start, which a ramp-down toward 0 does before the schedule's end. Checked against real k6 output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shapeFromOptions } from '../../cli/plan/index.ts';
import { lastArrivalSeconds, scheduleEndNotes } from '../../cli/run/terminal/index.ts';
import { K6_FIXTURES } from '../k6-fixtures.ts';

test('real k6 v2.2.0 drew http_arrival ✗ at 12.9s/13s: its schedule starts the last iteration at 12.65s', () => {
  // test/fixtures/k6/scripts/fixture-common.js: startRate 5/s, 4s to 25/s, 6s at 25/s, 3s down to 0.
  const last = lastArrivalSeconds(5, [
    { durationSeconds: 4, target: 25 },
    { durationSeconds: 6, target: 25 },
    { durationSeconds: 3, target: 0 },
  ]);
  assert.ok(last !== null && Math.abs(last - (10 + (75 - Math.sqrt(75)) / 25)) < 1e-9, String(last));
  const console = readFileSync(join(K6_FIXTURES, 'v2.2.0/console-stdout.txt'), 'utf8');
  const m = /http_arrival ✗ \[ {2}99% \] 0\/4 VUs {2}(\d+\.\d)s\/13s/.exec(console);
  assert.ok(m, 'the recording shows the ✗');
  const shownAt = Number(m[1]);
  assert.ok(shownAt >= last && shownAt < 13, `k6 stopped the scenario at ${shownAt}s, after the last start ${last}s`);
});

test('a hold at a constant rate and a ramp whose integral ends on a whole number start their last iteration at the end; a fraction left over ends it early', () => {
  assert.equal(lastArrivalSeconds(2, [{ durationSeconds: 10, target: 2 }]), 10); // 20 iterations, the 20th at 10 s
  assert.equal(lastArrivalSeconds(0, [{ durationSeconds: 10, target: 2 }]), 10); // ramp up: 10 iterations
  assert.equal(lastArrivalSeconds(2, [{ durationSeconds: 10, target: 0 }]), 10); // ramp down to 0: 10, the last at 10 s
  assert.equal(lastArrivalSeconds(2, [{ durationSeconds: 9, target: 0 }]), 9); // 9 iterations: the 9th at 9 s
  // 9.5 due: the 9th starts 7.3 s in, and nothing is left to start in the last 2.2 s
  assert.equal(lastArrivalSeconds(2, [{ durationSeconds: 9.5, target: 0 }]), (19 - Math.sqrt(19)) / 2);
  assert.equal(lastArrivalSeconds(0, [{ durationSeconds: 1, target: 0.5 }]), null, 'never reaches one iteration');
});

test('a mixed schedule: the note names the scenario k6 will end early, not the one that runs to its end', () => {
  const shape = shapeFromOptions({
    scenarios: {
      chatbot: {
        executor: 'ramping-arrival-rate',
        exec: 'chatbot',
        startRate: 0,
        timeUnit: '1m',
        preAllocatedVUs: 1,
        maxVUs: 4,
        stages: [
          { duration: '6s', target: 12 },
          { duration: '27s', target: 12 },
          { duration: '3s', target: 0 },
        ],
      },
      rest: {
        executor: 'ramping-arrival-rate',
        exec: 'rest',
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: 1,
        maxVUs: 4,
        stages: [
          { duration: '6s', target: 8 },
          { duration: '30s', target: 8 },
        ],
      },
    },
  });
  const notes = scheduleEndNotes(shape);
  assert.equal(notes.length, 1, notes.join('\n'));
  // 0.2/s: the hold's last iteration is at 33 s and the 3 s ramp-down adds 0.3 of one, so none.
  assert.match(
    notes[0],
    /^note: k6 may draw chatbot ✗ \(its last iteration is due at 33\.0s of 36s\): the ramp-down asks for no later/,
  );
  assert.match(notes[0], /Not an interruption/);
});
