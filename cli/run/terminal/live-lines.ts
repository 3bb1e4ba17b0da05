// Lines the CLI prints while k6 runs (the Kubernetes watcher's `[k8s]` lines, the wind-down status).
// On a terminal, k6 redraws its progress bars in place: after each frame the cursor waits at the top of
// the bar block, and the next frame overwrites from there. A line written there must first clear the
// block (`\r` + erase below, as k6 does for its own log lines), or k6's next frame overwrites half of it
// and the two mix (`cpu 117%0 iters/s`); the next frame is then drawn below the line. Off a terminal
// (CI, a pipe) a line is just a line.

/** Carriage return, then erase from the cursor to the end of the screen. */
export const CLEAR_BELOW = '\r\u001b[J';

/** The text to write for one line printed beside k6's progress bars. */
export function lineBesideProgress(line: string, tty: boolean): string {
  return `${tty ? CLEAR_BELOW : ''}${line}\n`;
}
