// Prometheus' HTTP API, the two calls a run needs: a range query (matrix) and an instant query.
// Errors are plain text without the URL's query or any header (auth stays out of logs).

export interface MatrixSeries {
  metric: Record<string, string>;
  /** [seconds since the epoch, value] */
  values: [number, string][];
}

/** One series of an instant query's vector. */
export interface VectorSample {
  metric: Record<string, string>;
  /** [seconds since the epoch, value] */
  value: [number, string];
}

export interface PromClient {
  url: string;
  /** Extra headers (Authorization), from secret environment variables; never logged. */
  headers?: Record<string, string>;
}

interface ApiResponse<T> {
  status: 'success' | 'error';
  data?: T;
  error?: string;
  errorType?: string;
}

async function call<T>(
  client: PromClient,
  path: string,
  params: Record<string, string>,
  timeoutMs = 15_000,
): Promise<T> {
  const u = new URL(`${client.url.replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(u, { headers: client.headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new Error(`Prometheus ${path} unreachable: ${(err as Error).message}`);
  }
  let body: ApiResponse<T>;
  try {
    body = (await res.json()) as ApiResponse<T>;
  } catch {
    throw new Error(`Prometheus ${path}: HTTP ${res.status}, not a Prometheus API answer`);
  }
  if (body.status !== 'success' || body.data === undefined)
    throw new Error(`Prometheus ${path}: ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'no data'}`);
  return body.data;
}

/** Prometheus refuses more than 11,000 points per series: the step grows for long runs. */
export function stepFor(fromMs: number, toMs: number, minStepSeconds: number): number {
  return Math.max(minStepSeconds, Math.ceil((toMs - fromMs) / 1000 / 10_000));
}

export async function queryRange(
  client: PromClient,
  query: string,
  fromMs: number,
  toMs: number,
  stepSeconds: number,
): Promise<MatrixSeries[]> {
  const data = await call<{ resultType: string; result: MatrixSeries[] }>(client, '/api/v1/query_range', {
    query,
    start: (fromMs / 1000).toFixed(3),
    end: (toMs / 1000).toFixed(3),
    step: `${stepSeconds}s`,
  });
  if (data.resultType !== 'matrix')
    throw new Error(`Prometheus query_range: expected a matrix, got ${data.resultType}`);
  return data.result;
}

export async function queryInstant(client: PromClient, query: string, atMs?: number): Promise<VectorSample[]> {
  const data = await call<{ resultType: string; result: VectorSample[] }>(client, '/api/v1/query', {
    query,
    ...(atMs === undefined ? {} : { time: (atMs / 1000).toFixed(3) }),
  });
  return data.resultType === 'vector' ? data.result : [];
}
