// k6's error log lines, condensed and remembered. A script exception reaches the terminal as one
// message plus a JavaScript stack trace (in k6's logfmt `msg="Error: …\n\tat …"` or, on a terminal,
// `ERRO[0001] Error: …` followed by `\tat …` lines); the tap keeps the message and the first script
// line (`mixed.js:848`) and drops the frames, and remembers the first error k6 printed so the
// verdict can name it. Pure (a string in, a string out).

const FRAME = /^\s*at\s/;
/** `file:///tmp/x/mixed.js:848:13(45)` -> `mixed.js:848`. */
const SCRIPT_LOCATION = /(?:file:\/\/)?[^\s()]*\/([^/\s():]+\.m?js):(\d+)(?::\d+)?/;
/** k6's own line when thresholds fail: the gates say that better; it is not "the first error". */
const THRESHOLDS_CROSSED = /thresholds on metrics .* have been crossed/;
const LOGFMT_ERROR = /^(time="[^"]*" level=error msg=)("(?:[^"\\]|\\.)*")(.*)$/;
const TTY_ERROR = /^(ERRO\[\d+\] )(.*)$/;

/** A message with its stack trace condensed: "Error: 403 … (at mixed.js:848)". */
export function condenseStack(message: string): string {
  const lines = message.split(/\r?\n/);
  const firstFrame = lines.findIndex((l) => FRAME.test(l));
  if (firstFrame < 0) return message.trim();
  const text = lines.slice(0, firstFrame).join(' ').trim();
  const where = lines
    .slice(firstFrame)
    .map((l) => SCRIPT_LOCATION.exec(l))
    .find((m) => m !== null);
  return where ? `${text} (at ${where[1]}:${where[2]})` : text;
}

function unquote(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"');
  }
}

/** The trailing `key=value` fields of a TTY frame line (`at native  hint="script exception"`). */
function trailingFields(frame: string): string {
  const m = /\s{2,}([a-z_]+=.*)$/.exec(frame);
  return m ? ` ${m[1]}` : '';
}

/** Reads k6's log output line by line; `write` returns what to show, with stack traces condensed. */
export class K6ErrorTap {
  /** The first error k6 printed (condensed), other than its own "thresholds crossed" line. */
  firstError: string | undefined;
  private carry = '';
  /** A terminal-format error whose frames are still arriving: its prefix, message and fields. */
  private pending: { prefix: string; message: string[]; fields: string } | undefined;

  write(text: string): string {
    const all = this.carry + text;
    const cut = all.lastIndexOf('\n');
    if (cut < 0) {
      this.carry = all;
      return '';
    }
    this.carry = all.slice(cut + 1);
    return all
      .slice(0, cut)
      .split('\n')
      .map((line) => this.line(line))
      .filter((out): out is string => out !== null)
      .map((out) => `${out}\n`)
      .join('');
  }

  /** The rest: an unfinished line and a pending error. */
  end(): string {
    const rest = this.carry ? this.line(this.carry) : null;
    this.carry = '';
    const pending = this.flushPending();
    return [pending, rest]
      .filter((s): s is string => s !== null && s !== '')
      .map((s) => `${s}\n`)
      .join('');
  }

  private remember(message: string): void {
    if (this.firstError === undefined && !THRESHOLDS_CROSSED.test(message)) this.firstError = message;
  }

  private flushPending(): string | null {
    const p = this.pending;
    if (!p) return null;
    this.pending = undefined;
    const message = condenseStack(p.message.join('\n'));
    this.remember(message);
    return `${p.prefix}${message}${p.fields}`;
  }

  /** One complete line in, the line(s) to show out (null: swallowed for now). */
  private line(raw: string): string | null {
    const line = raw.replace(/\r$/, '');
    if (this.pending) {
      if (FRAME.test(line)) {
        this.pending.message.push(line);
        this.pending.fields = trailingFields(line) || this.pending.fields;
        return null;
      }
      const flushed = this.flushPending();
      const next = this.line(line);
      return next === null ? flushed : `${flushed}\n${next}`;
    }
    const logfmt = LOGFMT_ERROR.exec(line);
    if (logfmt) {
      const message = condenseStack(unquote(logfmt[2] as string));
      this.remember(message);
      return `${logfmt[1]}${JSON.stringify(message)}${logfmt[3]}`;
    }
    const tty = TTY_ERROR.exec(line);
    if (tty) {
      this.pending = { prefix: tty[1] as string, message: [tty[2] as string], fields: '' };
      return null;
    }
    return line;
  }
}
