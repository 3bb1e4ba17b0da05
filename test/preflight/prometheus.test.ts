// Specification of the preflight's Prometheus reader against a local server posing as Prometheus's
// HTTP API: the two instant queries' values, an absent series, and a Prometheus that does not answer
// (recorded as an error, never thrown).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { readPrometheus } from '../../cli/preflight/prometheus.ts';

let server: Server;
let url: string;
const asked: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    asked.push(`${new URL(req.url ?? '/', 'http://x').pathname} ${q}`);
    const result = q.includes('pg_settings_max_connections') ? [{ metric: {}, value: [1700000000, '150'] }] : [];
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prom`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('reads pg_settings_max_connections and redis_config_maxmemory by instant query; an absent series is undefined', async () => {
  const r = await readPrometheus(url);
  assert.deepEqual(r, { url, pgMaxConnections: 150, redisMaxmemory: undefined });
  assert.deepEqual(asked.sort(), [
    '/prom/api/v1/query max(pg_settings_max_connections)',
    '/prom/api/v1/query max(redis_config_maxmemory)',
  ]);
});

test('a Prometheus that does not answer is an error in the readout', async () => {
  const r = await readPrometheus('http://127.0.0.1:9/', 2000);
  assert.equal(r.pgMaxConnections, undefined);
  assert.ok(r.error, 'the error is recorded');
});
