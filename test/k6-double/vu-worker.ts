// k6 test double: entry point of one VU worker thread. Installs the runtime (vu-runtime.ts) as
// `globalThis.__k6double` plus k6's globals, evaluates the bundle (the init context), reports the
// exported `options`, then runs setup/iterations/teardown/handleSummary on request of the host.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createRuntime, toScriptError } from './vu-runtime.ts';
import type { HostToWorker, WorkerInit, WorkerToHost } from './types.ts';

const init = workerData as WorkerInit & { syncPort: MessagePort };
const port = parentPort!;
const post = (m: WorkerToHost): void => port.postMessage(m);

const rt = createRuntime({
  post,
  syncPort: init.syncPort,
  flag: new Int32Array(init.syncBuffer),
  vuId: init.vuId,
  vuIdGlobal: init.vuIdGlobal,
  segment: init.segment,
  env: init.env,
});
(globalThis as unknown as { __k6double: unknown }).__k6double = rt.api;
rt.installGlobals();

let mod: Record<string, unknown>;
try {
  mod = (await import(pathToFileURL(init.bundlePath).href)) as Record<string, unknown>;
} catch (e) {
  rt.flushSamples();
  post({ type: 'init-error', error: toScriptError(e) });
  await new Promise(() => {}); // the host terminates us
  throw e;
}

let options: unknown = mod.options;
try {
  options = options === undefined ? {} : JSON.parse(JSON.stringify(options));
} catch {
  options = {};
}
if (init.runTags && Object.keys(init.runTags).length > 0 && options && typeof options === 'object')
  (options as { tags?: unknown }).tags = { ...init.runTags };
rt.endInit(options);
rt.flushSamples();

let running: Promise<void> = Promise.resolve();
port.on('message', (msg: HostToWorker) => {
  switch (msg.type) {
    case 'run':
      running = running.then(async () => {
        const result = await rt.run(msg, mod);
        post({ type: 'done', result });
      });
      break;
    case 'ws':
      rt.onWsEvent(msg);
      break;
    case 'interrupt':
      rt.interruptNow();
      break;
    case 'stop':
      port.close();
      break;
  }
});

post({
  type: 'ready',
  options,
  exports: Object.keys(mod).filter((k) => typeof mod[k] === 'function'),
  metrics: rt.declaredMetrics(),
});
