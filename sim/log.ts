/**
 * The simulator's only logger: human lines on stderr, and one line per KIND of rejected input
 * (never one per request, so a flood of bad requests cannot flood the log or slow the hot path).
 */
export interface SimLog {
  info(line: string): void;
  /** Logs the first occurrence of a kind; counts the rest. */
  reject(kind: string, detail?: unknown): void;
  rejectedCounts(): Record<string, number>;
}

export function createLog(quiet: boolean): SimLog {
  const counts = new Map<string, number>();
  return {
    info(line) {
      if (!quiet) process.stderr.write(`aurora-sim: ${line}\n`);
    },
    reject(kind, detail) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      if (n === 1 && !quiet) {
        const why = detail instanceof Error ? `: ${detail.message}` : '';
        process.stderr.write(
          `aurora-sim: rejected ${kind}${why} (further ones are counted in /__sim/stats, not logged)\n`,
        );
      }
    },
    rejectedCounts: () => Object.fromEntries(counts),
  };
}
