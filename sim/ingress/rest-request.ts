/**
 * One REST request travelling through an aurora-server pod. A class rather than closures: this is
 * the hot path, and one object per request is cheaper than several closures.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { SimLog } from '../log.ts';
import { type Admitted, execute, INTERNAL_ERROR } from '../server/app.ts';
import type { RouteCost } from '../server/costs.ts';
import type { AppDeps, Reply } from '../server/handlers/types.ts';
import type { InjectedFailure, ServerJob } from '../server/pod.ts';
import { FAULT_HEADER, REPLICA_HEADER } from './http-io.ts';

const INTERNAL = JSON.stringify(INTERNAL_ERROR.body);
const BAD_GATEWAY = JSON.stringify({ error: 'Bad Gateway' });

/** Constant replies (liveness, 404, auth denials) are serialised once. */
const serialised = new WeakMap<Reply, string>();
function serialise(r: Reply, constant: boolean): string {
  if (!constant) return JSON.stringify(r.body);
  let s = serialised.get(r);
  if (s === undefined) {
    s = JSON.stringify(r.body);
    serialised.set(r, s);
  }
  return s;
}
/** Handlers return these module-level objects for constant answers; fresh objects are not cached. */
const seen = new WeakSet<Reply>();

export class RestRequest implements ServerJob {
  readonly template: string;
  readonly cost: RouteCost;

  constructor(
    private readonly res: ServerResponse,
    private readonly replica: string,
    private readonly setCookie: string | null,
    private readonly admitted: Admitted,
    private readonly query: string,
    private readonly body: Buffer | null,
    private readonly app: AppDeps,
    private readonly log: SimLog,
    private readonly head: boolean,
    private readonly onServed: () => void,
  ) {
    this.template = admitted.template;
    this.cost = admitted.cost;
  }

  complete(failure: InjectedFailure): void {
    this.onServed();
    if (failure) {
      this.send(500, INTERNAL, failure);
      return;
    }
    let status = 500;
    let out = INTERNAL;
    try {
      const r = execute(this.admitted, this.query, this.body, this.app);
      status = r.status;
      // A reply object seen twice is a module-level constant: serialise it once.
      const constant = seen.has(r);
      if (!constant) seen.add(r);
      out = serialise(r, constant);
    } catch (err) {
      this.log.reject(`handler error in ${this.template || 'unmatched route'}`, err);
    }
    this.send(status, out, null);
  }

  abort(): void {
    this.send(502, BAD_GATEWAY, null);
  }

  private send(status: number, body: string, fault: string | null): void {
    const res = this.res;
    if (res.headersSent || res.destroyed) return;
    const headers: OutgoingHttpHeaders = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      [REPLICA_HEADER]: this.replica,
    };
    if (this.setCookie) headers['Set-Cookie'] = this.setCookie;
    if (fault) headers[FAULT_HEADER] = fault;
    res.writeHead(status, headers);
    res.end(this.head ? undefined : body);
  }
}
