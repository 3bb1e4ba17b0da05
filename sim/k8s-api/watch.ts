// Watch streams: newline-delimited {"type","object"} events over one chunked response. From no
// resourceVersion (or 0) the stream opens with an ADDED per object; from a version it replays the
// store's retained history; a version older than that gets a 410 Expired ERROR event and the end.
// `encode` turns each object into what the client asked for (the object, or a one-row Table).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendStatus, statusObject } from './responses.ts';
import type { KubeObject } from './objects.ts';
import type { Route } from './route.ts';
import type { Filter, ObjectStore } from './store.ts';

/** kube-apiserver's --min-request-timeout: watches without timeoutSeconds end after 30-60 min. */
const MAX_WATCH_SECONDS = 1800;

export interface WatchRequest {
  req: IncomingMessage;
  res: ServerResponse;
  route: Route;
  filter: Filter;
  query: URLSearchParams;
  encode: (object: KubeObject) => unknown;
}

/** Starts a watch; returns a function that ends it (also called on disconnect and timeout), or undefined if refused. */
export function startWatch(
  store: ObjectStore,
  w: WatchRequest,
  onEnd: (finish: () => void) => void,
): (() => void) | undefined {
  const { req, res, query } = w;
  const rvText = query.get('resourceVersion') ?? '';
  let sinceRv: number | undefined;
  if (rvText !== '') {
    sinceRv = Number(rvText);
    if (!Number.isInteger(sinceRv) || sinceRv < 0) {
      sendStatus(res, 400, 'BadRequest', `invalid resource version: ${JSON.stringify(rvText)}`);
      return undefined;
    }
  }
  const timeoutText = query.get('timeoutSeconds');
  const timeoutSeconds = timeoutText === null ? MAX_WATCH_SECONDS : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    sendStatus(res, 400, 'BadRequest', `invalid timeoutSeconds: ${JSON.stringify(timeoutText)}`);
    return undefined;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  let ended = false;
  const write = (line: string) => {
    if (!ended) res.write(`${line}\n`);
  };
  // The initial ADDED burst (or the replayed history) is written synchronously, before live events.
  const cancel = store.watch(w.route.def.resource, w.filter, sinceRv, (type, object) => {
    write(JSON.stringify({ type, object: w.encode(object) }));
  });
  if (cancel === 'expired') {
    const expired = statusObject(410, 'Expired', `too old resource version: ${sinceRv} (${store.resourceVersion})`);
    write(JSON.stringify({ type: 'ERROR', object: expired }));
    res.end();
    return undefined;
  }
  const finish = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    cancel();
    onEnd(finish);
    res.end();
  };
  const timer = setTimeout(finish, timeoutSeconds * 1000);
  timer.unref();
  res.on('close', finish);
  req.on('close', finish);
  return finish;
}
