// Download progress for people: on a terminal, one line redrawn in place with a bar, bytes and rate;
// elsewhere (CI, a pipe), one plain line per 10 % (or per 10 MB when the size is unknown). The
// formatting is pure; makeProgress() only decides when to write.

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** "[########------------]  45%  12.3 MB / 27.1 MB  4.1 MB/s"; no bar when width is 0 or the total unknown. */
export function formatProgressLine(received: number, total: number | undefined, elapsedMs: number, width = 24): string {
  const rate = `${formatBytes(elapsedMs > 0 ? Math.round((received * 1000) / elapsedMs) : 0)}/s`;
  if (!total) return `${formatBytes(received)}  ${rate}`;
  const share = Math.min(1, received / total);
  const filled = Math.round(share * width);
  const bar = width > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
  const pct = `${Math.floor(share * 100)}%`.padStart(4);
  return `${bar}${pct}  ${formatBytes(received)} / ${formatBytes(total)}  ${rate}`;
}

/** Pure: the 10 % step (or 10 MB step without a total) that `received` has reached. */
export function progressStep(received: number, total: number | undefined): number {
  return total ? Math.floor((Math.min(received, total) / total) * 10) : Math.floor(received / (10 * 1024 * 1024));
}

export interface ProgressSink {
  update(received: number, total: number | undefined): void;
  done(): void;
}

/** `tty`: redraw one line (at most every 100 ms); otherwise one line per step. */
export function makeProgress(
  label: string,
  write: (text: string) => void,
  tty: boolean,
  now: () => number = Date.now,
): ProgressSink {
  const start = now();
  let lastStep = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(received, total) {
      const t = now();
      if (tty) {
        const complete = total !== undefined && received >= total;
        if (!complete && t - lastDraw < 100) return;
        lastDraw = t;
        drawn = true;
        write(`\r\x1b[2K${label} ${formatProgressLine(received, total, t - start)}`);
        return;
      }
      const step = progressStep(received, total);
      if (step === lastStep) return;
      lastStep = step;
      write(`${label} ${formatProgressLine(received, total, t - start, 0)}\n`);
    },
    done() {
      if (tty && drawn) write('\n');
    },
  };
}
