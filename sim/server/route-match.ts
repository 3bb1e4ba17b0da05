/**
 * Matching a method and a path against the route table. Pure; compiled once from SIM_ROUTES.
 * A path picks its shape first (a literal segment beats a `{param}` one), then the method: HEAD is
 * served as GET (Flask), another method of a known shape is 405, an unknown shape 404.
 */
import { SIM_ROUTES, type SimRoute } from './route-table.ts';

export type RouteMatch =
  | { kind: 'route'; route: SimRoute; param: string }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

const NOT_FOUND: RouteMatch = { kind: 'not-found' };
const NOT_ALLOWED: RouteMatch = { kind: 'method-not-allowed' };

/** One path shape, e.g. `/api/incidents/{id}`, and the routes (by method) that share it. */
interface Shape {
  /** The path's segments; null where the template has its `{param}`. */
  segments: (string | null)[];
  paramAt: number;
  byMethod: Map<string, SimRoute>;
  /** Static shapes only: the answer for each method, allocated once. */
  fixed: Map<string, RouteMatch>;
}

function compile(routes: readonly SimRoute[]): {
  bySegmentCount: Map<number, Shape[]>;
  byStaticPath: Map<string, Shape>;
} {
  const shapes = new Map<string, Shape>();
  for (const route of routes) {
    const [method, path] = route.template.split(' ') as [string, string];
    let shape = shapes.get(path);
    if (!shape) {
      const segments = path.split('/').map((s) => (/^\{\w+\}$/.test(s) ? null : s));
      const params = segments.filter((s) => s === null).length;
      if (params > 1) throw new Error(`route ${route.template}: one {param} segment at most`);
      shape = { segments, paramAt: segments.indexOf(null), byMethod: new Map(), fixed: new Map() };
      shapes.set(path, shape);
    }
    if (shape.byMethod.has(method)) throw new Error(`route ${route.template} is declared twice`);
    shape.byMethod.set(method, route);
    if (shape.paramAt < 0) shape.fixed.set(method, { kind: 'route', route, param: '' });
  }
  const bySegmentCount = new Map<number, Shape[]>();
  for (const shape of shapes.values()) {
    const list = bySegmentCount.get(shape.segments.length) ?? [];
    list.push(shape);
    bySegmentCount.set(shape.segments.length, list);
  }
  // A literal segment beats a {param} one: of the shapes a path fits, the one whose {param} comes
  // latest (a static shape: never) has the longest literal prefix, so it is tried first.
  const rank = (s: Shape): number => (s.paramAt < 0 ? s.segments.length : s.paramAt);
  for (const list of bySegmentCount.values()) list.sort((a, b) => rank(b) - rank(a));
  return { bySegmentCount, byStaticPath: new Map([...shapes].filter(([, s]) => s.paramAt < 0)) };
}

const { bySegmentCount: SHAPES, byStaticPath: STATIC } = compile(SIM_ROUTES);

const NO_PARTS: readonly string[] = [];

function fits(shape: Shape, parts: readonly string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const want = shape.segments[i];
    if (want === null ? parts[i] === '' : want !== parts[i]) return false;
  }
  return true;
}

function forMethod(shape: Shape, method: string, parts: readonly string[]): RouteMatch {
  const m = method === 'HEAD' && !shape.byMethod.has('HEAD') ? 'GET' : method;
  const fixed = shape.fixed.get(m);
  if (fixed) return fixed;
  const route = shape.byMethod.get(m);
  if (route) return { kind: 'route', route, param: parts[shape.paramAt] ?? '' };
  return NOT_ALLOWED;
}

/** Match a method and a path (no query string). */
export function matchRoute(method: string, path: string): RouteMatch {
  // The hottest paths (liveness, lists) are static: one lookup, nothing allocated.
  const exact = STATIC.get(path);
  if (exact) return forMethod(exact, method, NO_PARTS);
  const parts = path.split('/');
  const candidates = SHAPES.get(parts.length);
  if (!candidates) return NOT_FOUND;
  for (const shape of candidates) if (fits(shape, parts)) return forMethod(shape, method, parts);
  return NOT_FOUND;
}
