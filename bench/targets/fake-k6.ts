/**
 * A counting stand-in for the k6 modules the `rest` flow imports, for bench/flow-work.ts only (not a
 * k6 double: no network, no metrics pipeline). http.request answers from canned Aurora-shaped bodies
 * at once; every call, check, tag write and params object is counted in `work`.
 */
export const work = { requests: 0, checks: 0, metricAdds: 0, tagWrites: 0, newParams: 0 };
const seenParams = new WeakSet<object>();

const incident = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  sourceType: 'grafana',
  status: 'investigating',
  severity: 'high',
  alert: { title: `checkout latency ${i}`, service: 'checkout', source: 'grafana' },
  auroraStatus: 'running',
  createdAt: '2026-11-30T06:00:00Z',
  updatedAt: '2026-11-30T06:01:00Z',
});
const session = (i: number) => ({
  id: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`,
  title: `chat ${i}`,
  created_at: '2026-11-30T06:00:00Z',
  updated_at: '2026-11-30T06:01:00Z',
  status: 'active',
});
const BODIES: Array<[RegExp, number, string]> = [
  [
    /\/api\/incidents\?/,
    200,
    JSON.stringify({ incidents: Array.from({ length: 20 }, (_, i) => incident(i)), total: 20 }),
  ],
  [/\/api\/incidents\/[^/?]+$/, 200, JSON.stringify({ incident: { ...incident(1), suggestions: [], citations: [] } })],
  [/\/chat_api\/sessions\?/, 200, JSON.stringify({ sessions: Array.from({ length: 10 }, (_, i) => session(i)) })],
  [/\/status$/, 200, JSON.stringify({ status: 'active', message_count: 4 })],
  [
    /\/messages\?/,
    200,
    JSON.stringify({ session_id: 's', status: 'active', messages: [{ role: 'user', text: 'hi' }] }),
  ],
  [/\/chat_api\/sessions$/, 201, JSON.stringify({ ...session(99), messages: [] })],
  [/\/health\/readiness$/, 200, JSON.stringify({ status: 'ready' })],
];

export const http = {
  request(_method: string, url: string, _body: unknown, params: object) {
    work.requests++;
    if (!seenParams.has(params)) {
      seenParams.add(params);
      work.newParams++;
    }
    const hit = BODIES.find(([re]) => re.test(url));
    return { status: hit?.[1] ?? 404, body: hit?.[2] ?? '', headers: {} };
  },
  cookieJar() {
    return { cookiesForURL: () => ({}) };
  },
};

export function check<T>(value: T, sets: Record<string, (v: T) => boolean>): boolean {
  let ok = true;
  for (const fn of Object.values(sets)) {
    work.checks++;
    ok = fn(value) && ok;
  }
  return ok;
}
export const sleep = (): void => {};

class Metric {
  add(): void {
    work.metricAdds++;
  }
}
export { Metric as Counter, Metric as Rate, Metric as Trend };

const tags = new Proxy({} as Record<string, string>, {
  set(target, key, value) {
    work.tagWrites++;
    target[key as string] = value;
    return true;
  },
});
export const execution = {
  scenario: { name: 'rest', startTime: Date.now(), iterationInTest: 0 },
  vu: { idInTest: 1, metrics: { tags } },
};
