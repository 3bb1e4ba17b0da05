// k6's output in CI mode (`--ci`): no terminal control codes, and k6's progress block (printed every
// second when its output is not a terminal: a blank line, `running (…)`, one bar per scenario) let
// through at most once per CI_PROGRESS_EVERY_MS. The last block, with each scenario's final ✓/✗, is
// always printed when k6's output ends. Pure line logic, plus the stream Transform that applies it.
import { Transform } from 'node:stream';

/** At most one k6 progress block per this many ms in CI logs. */
export const CI_PROGRESS_EVERY_MS = 15_000;

// CSI/OSC sequences and bare carriage returns (progress bars redraw a line with \r).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes terminal control codes; a line redrawn with \r keeps only its last version. */
export function stripControl(text: string): string {
  return text
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      const parts = line.split('\r').filter((p) => p.length);
      return parts.length ? parts[parts.length - 1] : '';
    })
    .join('\n');
}

const HEADER = /^running \((\d+m)?\d+(\.\d+)?s\), /;
const BAR = /^\S+\s+(?:[✓✗↓]\s+)?\[\s*\d+% \]/;

/** Thins k6's progress blocks out of a stream of plain lines (clock injected for tests). */
export class ProgressThrottle {
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private mode: 'show' | 'hide' | null = null;
  private heldBlank = false;
  private pending: string[] | null = null;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly everyMs = CI_PROGRESS_EVERY_MS,
  ) {}

  /** The lines to print for one line of k6's output. */
  push(line: string): string[] {
    const blank = this.heldBlank ? [''] : [];
    if (HEADER.test(line)) {
      this.heldBlank = false;
      if (this.now() - this.lastShownAt >= this.everyMs) {
        this.lastShownAt = this.now();
        this.mode = 'show';
        this.pending = null;
        return [...blank, line];
      }
      this.mode = 'hide';
      this.pending = [line];
      return [];
    }
    if (this.mode && BAR.test(line)) {
      if (this.mode === 'show') return [line];
      this.pending?.push(line);
      return [];
    }
    this.mode = null;
    if (line === '') {
      // Held: a blank line before a hidden block goes with it.
      const out = blank;
      this.heldBlank = true;
      return out;
    }
    this.heldBlank = false;
    return [...blank, line];
  }

  /** k6's output ended: the last progress block held back, if any (it shows how each scenario ended). */
  end(): string[] {
    const out = this.pending ? ['', ...this.pending] : this.heldBlank ? [''] : [];
    this.pending = null;
    this.heldBlank = false;
    return out;
  }
}

/** A stream filter for one of k6's output streams in CI mode. */
export function ciFilter(throttle = new ProgressThrottle()): Transform {
  let carry = '';
  const render = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
  return new Transform({
    transform(chunk, _enc, done) {
      const text = carry + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n');
      carry = cut < 0 ? text : text.slice(cut + 1);
      if (cut < 0) return done(null, '');
      const lines = stripControl(text.slice(0, cut)).split('\n');
      done(null, render(lines.flatMap((l) => throttle.push(l))));
    },
    flush(done) {
      const last = carry ? throttle.push(stripControl(carry)) : [];
      done(null, render([...last, ...throttle.end()]));
    },
  });
}
