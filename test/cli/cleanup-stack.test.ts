// Specification of a run's cleanup stack (cli/run/cleanup-stack.ts) and its interrupt handling
// (cli/run/interrupts.ts): what a run started is undone in reverse order whatever happens, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CleanupStack, watchInterrupts } from '../../cli/run/index.ts';

test('the cleanup stack unwinds last-pushed first, and keeps going past a failing step', async () => {
  const done: string[] = [];
  const errors: string[] = [];
  const stack = new CleanupStack();
  stack.push('children', () => {
    done.push('children');
  });
  stack.push('simulator', async () => {
    done.push('simulator');
    throw new Error('already gone');
  });
  stack.push('watcher', async () => {
    done.push('watcher');
  });
  await stack.unwind((name, err) => errors.push(`${name}: ${(err as Error).message}`));
  assert.deepEqual(done, ['watcher', 'simulator', 'children']);
  assert.deepEqual(errors, ['simulator: already gone']);
  await stack.unwind(() => assert.fail('nothing left to undo'));
  assert.equal(done.length, 3);
});

test('a step run early (the watcher stopped for its timeline) gives its result and is not run again', async () => {
  let stops = 0;
  const stack = new CleanupStack();
  const stopWatcher = stack.push('watcher', async () => ({ stops: ++stops }));
  assert.deepEqual(await stopWatcher(), { stops: 1 });
  assert.deepEqual(await stopWatcher(), { stops: 1 });
  await stack.unwind(() => {});
  assert.equal(stops, 1);
});

test('a signal before k6 starts marks the run interrupted and stops k6 as it starts; a second signal kills it', () => {
  const proc = new EventEmitter() as EventEmitter & Pick<NodeJS.Process, 'on' | 'off'>;
  const said: string[] = [];
  const interrupts = watchInterrupts((l) => said.push(l), proc);
  proc.emit('SIGINT', 'SIGINT');
  assert.equal(interrupts.early, true);
  const sent: string[] = [];
  interrupts.attach((s) => sent.push(s));
  assert.deepEqual(sent, ['SIGINT'], 'k6 is stopped as soon as it starts');
  proc.emit('SIGTERM', 'SIGTERM');
  assert.deepEqual(sent, ['SIGINT', 'SIGKILL']);
  assert.equal(interrupts.count, 2);
  interrupts.dispose();
  assert.equal(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM'), 0, 'the handlers are removed');
});

test('while k6 runs, the first signal stops it gracefully with the same signal', () => {
  const proc = new EventEmitter() as EventEmitter & Pick<NodeJS.Process, 'on' | 'off'>;
  const interrupts = watchInterrupts(() => {}, proc);
  const sent: string[] = [];
  interrupts.attach((s) => sent.push(s));
  proc.emit('SIGTERM', 'SIGTERM');
  assert.deepEqual(sent, ['SIGTERM']);
  assert.equal(interrupts.early, false);
  interrupts.detach();
  interrupts.dispose();
});
