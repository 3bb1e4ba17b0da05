// What a run must undo on its way out (stop the watcher, the simulator, every child process, remove
// the bundle folder, restore the signal handlers), pushed as it is set up and unwound in reverse
// order on every path out: success, failure, Ctrl-C. A step can also be run early (the watcher is
// stopped to read its timeline) and then does not run twice.

export class CleanupStack {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];

  /** Registers a step; returns a function that runs it now (once; the unwind then skips it). */
  push<T>(name: string, step: () => T | Promise<T>): () => Promise<T> {
    let done: Promise<T> | undefined;
    const once = (): Promise<T> => (done ??= Promise.resolve().then(step));
    this.steps.push({ name, run: once });
    return once;
  }

  /** Runs every step, last pushed first. A failing step is reported and the rest still run. */
  async unwind(onError: (name: string, err: unknown) => void): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (err) {
        onError(step.name, err);
      }
    }
  }
}
