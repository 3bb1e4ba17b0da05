/**
 * The exporters' endpoint: `GET /metrics` on its own port (as exporters are scraped apart from the
 * ingress), in the Prometheus text format. The resource model is ticked on the simulator's clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimClock } from '../clock.ts';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from './exposition.ts';
import { metricFamilies } from './families.ts';
import type { ResourceModel } from './resource-model.ts';
import { clusterSnapshot, modelInput, type SimParts } from './snapshot.ts';

/** Real ms between model ticks: fine enough for a 1 s scrape at any time scale. */
export const TICK_REAL_MS = 100;

export interface MetricsExporter {
  /** http://127.0.0.1:<port>; scrape `${url}/metrics`. */
  url: string;
  /** The exposition text now (also what GET /metrics answers). */
  scrape(): string;
  close(): Promise<void>;
}

/** Starts ticking the model (until close) without a port, e.g. for in-process use. */
export function tickModel(model: ResourceModel, parts: SimParts, clock: SimClock): () => void {
  const tick = (): void => model.tick(clock.now(), modelInput(parts));
  tick();
  const timer = setInterval(tick, TICK_REAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export async function startMetricsExporter(o: {
  model: ResourceModel;
  parts: SimParts;
  clock: SimClock;
  port: number;
  host: string;
  onError: (err: unknown) => void;
}): Promise<MetricsExporter> {
  const stopTicking = tickModel(o.model, o.parts, o.clock);
  const scrape = (): string => {
    o.model.tick(o.clock.now(), modelInput(o.parts));
    return renderExposition(metricFamilies(clusterSnapshot(o.parts, o.model)));
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found: GET /metrics\n');
      return;
    }
    let body: string;
    try {
      body = scrape();
    } catch (err) {
      o.onError(err);
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('metrics collection failed\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    stopTicking();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    scrape,
    close: async () => {
      stopTicking();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
