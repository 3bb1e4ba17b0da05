/**
 * A target for bench/sim-liveness.ts (kept out of bench/ itself, which bench/run.ts imports), run in its own process so the load generator does not share
 * its event loop: `bare` is a plain node:http server answering like /health/liveness, `sim` is the
 * simulator. Prints one JSON line {"url":...} when listening; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../../sim/index.ts';

const BODY = JSON.stringify({ status: 'alive' });

async function main(kind: string): Promise<() => Promise<void>> {
  if (kind === 'bare') {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BODY) });
      res.end(BODY);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.stdout.write(
      `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/liveness` })}\n`,
    );
    return () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
  }
  const sim = await startSimulator({ port: 0, k8sPort: 0, quiet: true });
  process.stdout.write(`${JSON.stringify({ url: `${sim.url}/health/liveness` })}\n`);
  return () => sim.close();
}

const stop = await main(process.argv[2] ?? 'bare');
process.once('SIGTERM', () => {
  void stop().then(() => process.exit(0));
});
