// A free TCP port on 127.0.0.1, for a child process told where to listen (a local Prometheus, a k6
// runner's REST API). The port is released before the child binds it, as such helpers must.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
