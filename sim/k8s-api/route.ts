// Resource paths and queries: /api/v1/... and /apis/{group}/{version}/... (with the legacy /watch/
// prefix) to a resource, namespace, name and subresource; labelSelector and fieldSelector to a Filter.
import { RESOURCES, type ResourceDef, groupVersion } from './resources/index.ts';
import { type Filter, parseSelector } from './store.ts';

export interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

export function matchResource(segments: string[]): Route | undefined {
  let rest: string[];
  let gv: string;
  if (segments[0] === 'api' && segments[1] === 'v1') {
    gv = 'v1';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    gv = `${segments[1]}/${segments[2]}`;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const def = RESOURCES.find((r) => groupVersion(r) === gv && r.resource === rest[0]);
  if (!def || rest.length > 3) return undefined;
  if (rest[2] !== undefined && !def.subresources.includes(rest[2])) return undefined;
  return { def, namespace, name: rest[1], subresource: rest[2], watchPath };
}

/** The Filter for a route and its query, or the 400 message for a selector the server refuses. */
export function filterFor(route: Route, query: URLSearchParams): Filter | string {
  const filter: Filter = { namespace: route.namespace };
  const labels = query.get('labelSelector');
  if (labels) {
    const parsed = parseSelector(labels, 'label');
    if (typeof parsed === 'string') return parsed;
    filter.labels = parsed;
  }
  const fields = query.get('fieldSelector');
  if (fields) {
    const parsed = parseSelector(fields, 'field', route.def.fieldLabels);
    if (typeof parsed === 'string') return parsed;
    filter.fields = parsed;
  }
  return filter;
}

export function isWatch(route: Route, query: URLSearchParams): boolean {
  return route.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
}
