// Specification of the lines the CLI prints while k6 draws its progress bars on a terminal
// (cli/run/live-lines.ts): a `[k8s]` line lands on a line of its own, whole, and k6's bars go on below
// it. Checked on a small terminal model fed k6's exact frame format (k6 internal/cmd/ui.go: each bar
// line ends "\x1b[K\n", each frame ends "\r\x1b[J\x1b[<n>A", back to the top of the block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineBesideProgress } from '../../cli/run/terminal/index.ts';

/** The visible lines of a terminal after writing `text` (cursor moves, CR, LF, erase line/below). */
function screen(text: string): string[] {
  const rows: string[][] = [[]];
  let r = 0;
  let c = 0;
  const row = () => {
    while (rows.length <= r) rows.push([]);
    return rows[r];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\u001b') {
      const m = /^\u001b\[(\d*)([AJK])/.exec(text.slice(i));
      if (!m) throw new Error(`unmodelled escape at ${i}`);
      i += m[0].length - 1;
      if (m[2] === 'A') r = Math.max(0, r - Number(m[1] || 1));
      if (m[2] === 'K') row().length = Math.min(row().length, c);
      if (m[2] === 'J') {
        row().length = Math.min(row().length, c);
        rows.length = r + 1;
      }
    } else if (ch === '\n') {
      r += 1;
      c = 0; // the terminal's ONLCR
      row();
    } else if (ch === '\r') c = 0;
    else {
      const line = row();
      while (line.length < c) line.push(' ');
      line[c++] = ch;
    }
  }
  return rows.map((l) => l.join('').trimEnd());
}

// `drift`: k6 counts wrapped lines from rune counts and the terminal width; when a bar line wraps
// differently it goes back one row too few, and the cursor waits on a bar line instead of the blank one.
const frame = (bars: string[], drift = 0) =>
  `\u001b[K\n${bars.map((b) => `${b}\u001b[K\n`).join('')}\r\u001b[J\u001b[${bars.length + 1 - drift}A`;
const bars = (s: number) => [
  `running (0m${s}s), 12/40 VUs, ${s * 9} complete and 0 interrupted iterations`,
  `rest    [  ${s}% ] 10/30 VUs  ${s}s/36s  8.00 iters/s`,
  `chatbot [  ${s}% ] 2/10 VUs   ${s}s/36s  0.20 iters/s`,
];
const K8S = '[k8s] aurora-oss-server desired 2→3 ready 2 (cpu 117%)';

for (const drift of [0, 1]) {
  test(`on a terminal, a [k8s] line between two k6 frames stays whole, on its own line, above the bars (drift ${drift})`, () => {
    const shown = screen(frame(bars(10), drift) + lineBesideProgress(K8S, true) + frame(bars(11), drift));
    assert.ok(shown.includes(K8S), shown.join('\n'));
    assert.deepEqual(shown.slice(shown.indexOf(K8S) + 1).filter(Boolean), bars(11));
  });
}

test('written as a plain line instead, it mixes with the bar line it lands on (the collision this prevents)', () => {
  const shown = screen(`${frame(bars(10), 1)}${K8S}\n${frame(bars(11), 1)}`);
  assert.ok(!shown.includes(K8S), shown.join('\n'));
  assert.ok(
    shown.some((l) => l.startsWith(K8S) && l.length > K8S.length),
    shown.join('\n'),
  );
});

test('off a terminal (CI, a pipe) the line carries no control code', () => {
  assert.equal(lineBesideProgress(K8S, false), `${K8S}\n`);
});
