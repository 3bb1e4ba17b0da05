// Specification of k6's output in CI mode (cli/k6/ci-output.ts): a CI log gets k6's progress block
// at most once per 15 s instead of every second, never loses a line that is not progress, and always
// ends with the last block, which shows how each scenario ended (✓ or ✗).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { CI_PROGRESS_EVERY_MS, ciFilter, ProgressThrottle } from '../../cli/k6/ci-output.ts';
import { K6_FIXTURES } from '../k6-fixtures.ts';

/** Replays lines as k6 prints them: each progress header arrives at the time it states. */
function replay(lines: string[]): { out: string[]; throttle: ProgressThrottle } {
  let now = 0;
  const throttle = new ProgressThrottle(() => now);
  const out: string[] = [];
  for (const line of lines) {
    const m = /^running \((?:(\d+)m)?(\d+(?:\.\d+)?)s\)/.exec(line);
    if (m) now = (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000;
    out.push(...throttle.push(line));
  }
  out.push(...throttle.end());
  return { out, throttle };
}

const headers = (lines: string[]) => lines.filter((l) => l.startsWith('running ('));

test('real k6 v2.2.0 output (13 progress blocks, one a second): the first and the final block remain', () => {
  const lines = readFileSync(join(K6_FIXTURES, 'v2.2.0/console-stdout.txt'), 'utf8').split('\n');
  assert.equal(headers(lines).length, 13);
  const { out } = replay(lines);
  assert.deepEqual(headers(out), [
    'running (01.0s), 4/5 VUs, 10 complete and 0 interrupted iterations',
    'running (12.9s), 0/6 VUs, 248 complete and 0 interrupted iterations',
  ]);
  const last = out.slice(out.indexOf(headers(out)[1]));
  assert.match(last[1], /^http_arrival ✗ \[ {2}99% \]/, 'the final status of each scenario is kept');
  assert.match(last[2], /^ws_chat +✓ \[ 100% \]/);
  // Every line that is not progress is printed, in order.
  const isProgress = (l: string) => l === '' || l.startsWith('running (') || /^\S+\s+(?:[✓✗↓]\s+)?\[\s*\d+% \]/.test(l);
  assert.deepEqual(
    out.filter((l) => !isProgress(l)),
    lines.filter((l) => !isProgress(l)),
  );
});

test('a 16-minute run prints a progress block every 15 s, not every second', () => {
  const lines: string[] = [];
  for (let s = 1; s <= 960; s++) {
    lines.push(
      '',
      `running (${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}.0s), 10/20 VUs, ${s * 5} complete and 0 interrupted iterations`,
    );
    lines.push(
      `rest      [ ${String(Math.floor((s / 960) * 100)).padStart(3)}% ] 10/20 VUs  ${s}s/16m0s  5.00 iters/s`,
    );
    lines.push(
      `chatbot   [ ${String(Math.floor((s / 960) * 100)).padStart(3)}% ] 2/4 VUs    ${s}s/16m0s  0.20 iters/s`,
    );
    if (s === 300) lines.push('time="…" level=warning msg="Insufficient VUs"');
  }
  const { out } = replay(lines);
  const shown = headers(out);
  assert.equal(shown.length, 64 + 1, 'one block per 15 s, plus the final one');
  assert.ok(out.length <= 65 * 4 + 2, `${out.length} lines for 16 minutes`);
  assert.ok(out.includes('time="…" level=warning msg="Insufficient VUs"'), 'k6 log lines always pass');
  assert.equal(CI_PROGRESS_EVERY_MS, 15_000);
});

test('the stream filter strips control codes and throttles across chunk boundaries', async () => {
  const chunks = [
    '\u001b[32mk6\u001b[0m start\n\nrunning (0',
    '1.0s), 1/1 VUs, 0 complete and 0 interrupted iterations\nrest [  10% ] 1 VUs\n',
    '\nrunning (02.0s), 1/1 VUs, 1 complete and 0 interrupted iterations\nrest ✓ [ 100% ] 1 VUs\n',
  ];
  const out = await text(Readable.from(chunks).pipe(ciFilter(new ProgressThrottle(() => 0))));
  assert.equal(
    out,
    'k6 start\n\nrunning (01.0s), 1/1 VUs, 0 complete and 0 interrupted iterations\nrest [  10% ] 1 VUs\n\nrunning (02.0s), 1/1 VUs, 1 complete and 0 interrupted iterations\nrest ✓ [ 100% ] 1 VUs\n',
  );
});
