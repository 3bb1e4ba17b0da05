/**
 * `/__sim/*`: the simulator's control surface (sim only; real Aurora has none of it).
 *   GET  /__sim/stats    -> stats JSON
 *   GET  /__sim/faults   -> {"faults":[spec...]}
 *   POST /__sim/faults   {"faults":[spec...]} replaces the active faults (crash= specs act once)
 *   DELETE /__sim/faults -> clears every fault
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './ingress/http-io.ts';

export interface ControlTarget {
  stats(): object;
  faultSpecs(): string[];
  /** Throws an Error whose message lists every problem with the specs. */
  setFaults(specs: string[]): { crashed: string[] };
  clearFaults(): void;
}

const json = (res: ServerResponse, status: number, body: unknown): void => sendJson(res, status, JSON.stringify(body));

export function handleControl(
  target: ControlTarget,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer | null,
): void {
  const method = req.method ?? 'GET';
  if (path === '/__sim/stats' && method === 'GET') return json(res, 200, target.stats());
  if (path !== '/__sim/faults')
    return json(res, 404, { error: 'Not found', known: ['GET /__sim/stats', 'GET|POST|DELETE /__sim/faults'] });
  if (method === 'GET') return json(res, 200, { faults: target.faultSpecs() });
  if (method === 'DELETE') {
    target.clearFaults();
    return json(res, 200, { faults: [] });
  }
  if (method !== 'POST') return json(res, 405, { error: 'Method not allowed' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body?.toString('utf8') ?? '');
  } catch {
    return json(res, 400, { error: 'body must be JSON like {"faults":["error-rate=0.05"]}' });
  }
  const specs = (parsed as { faults?: unknown } | null)?.faults;
  if (!Array.isArray(specs)) return json(res, 400, { error: 'body must be JSON like {"faults":["error-rate=0.05"]}' });
  try {
    const { crashed } = target.setFaults(specs as string[]);
    return json(res, 200, { faults: target.faultSpecs(), crashed });
  } catch (err) {
    return json(res, 400, { error: (err as Error).message });
  }
}
