// Ctrl-C and SIGTERM during a run. While k6 runs, the first signal stops it gracefully (reports are
// still written) and a second one stops it at once; before k6 has started, a signal marks the run as
// interrupted so k6 is stopped as soon as it starts (or never started). The handlers are installed
// by watchInterrupts() and removed by dispose(), which the run's cleanup stack calls.

export interface Interrupts {
  /** How many signals arrived. */
  readonly count: number;
  /** A signal arrived before k6 could be told. */
  readonly early: boolean;
  /** k6 runs: signals go to it from now on (and at once, when one came early). */
  attach(interruptK6: (signal: NodeJS.Signals) => void): void;
  /** k6 has ended. */
  detach(): void;
  dispose(): void;
}

export function watchInterrupts(
  say: (line: string) => void,
  proc: Pick<NodeJS.Process, 'on' | 'off'> = process,
): Interrupts {
  let count = 0;
  let early = false;
  let interruptK6: ((signal: NodeJS.Signals) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    count += 1;
    if (interruptK6) {
      say(
        count === 1
          ? `\n${signal}: stopping k6 gracefully; reports will still be written (again to stop k6 at once)`
          : `\n${signal}: stopping k6 now`,
      );
      interruptK6(count === 1 ? signal : 'SIGKILL');
    } else {
      early = true;
      say(`\n${signal}: stopping`);
    }
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  return {
    get count() {
      return count;
    },
    get early() {
      return early;
    },
    attach(fn) {
      interruptK6 = fn;
      if (early) fn('SIGINT');
    },
    detach() {
      interruptK6 = undefined;
    },
    dispose() {
      proc.off('SIGINT', onSignal);
      proc.off('SIGTERM', onSignal);
    },
  };
}
