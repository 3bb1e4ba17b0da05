// Discovery: /version, /api, /apis, /apis/{group}, and the APIResourceList of each group version
// (what `kubectl api-resources` and `kubectl get --raw /apis/autoscaling/v2` show). Built from the
// resource declarations in resources/. Served in the legacy (unaggregated) form: kubectl asks for
// aggregated discovery (apidiscovery.k8s.io/v2) first and falls back to this form when the answer's
// Content-Type is plain application/json, as with a kube-apiserver before 1.26.
import { METRICS_GROUP, METRICS_GV, METRICS_RESOURCE_LIST, METRICS_VERSION } from './metrics-api.ts';
import { GROUPS, RESOURCES, type ResourceDef, resourcesIn, verbsOf } from './resources/index.ts';

export const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-aurora-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** The one cluster-scoped core resource: the simulator's namespace. */
const NAMESPACES_ENTRY = {
  name: 'namespaces',
  singularName: 'namespace',
  namespaced: false,
  kind: 'Namespace',
  verbs: ['get', 'list'],
  shortNames: ['ns'],
};

/** authorization.k8s.io: only the self-review kubectl auth can-i and k9s ask (access-review.ts). */
const AUTHORIZATION = {
  name: 'authorization.k8s.io',
  version: 'v1',
  resources: [
    {
      name: 'selfsubjectaccessreviews',
      singularName: 'selfsubjectaccessreview',
      namespaced: false,
      kind: 'SelfSubjectAccessReview',
      verbs: ['create'],
    },
  ],
};

function entries(def: ResourceDef) {
  return [
    {
      name: def.resource,
      singularName: def.singular,
      namespaced: true,
      kind: def.kind,
      verbs: verbsOf(def),
      ...(def.shortNames.length > 0 ? { shortNames: def.shortNames } : {}),
    },
    ...def.subresources.map((sub) => ({
      name: `${def.resource}/${sub}`,
      singularName: '',
      namespaced: true,
      kind: def.kind,
      verbs: ['get'],
    })),
  ];
}

/** APIResourceList of a group version, or undefined when the simulator serves none of it. */
export function resourceList(gv: string) {
  if (gv === METRICS_GV) return METRICS_RESOURCE_LIST;
  if (gv === `${AUTHORIZATION.name}/${AUTHORIZATION.version}`) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: AUTHORIZATION.resources };
  }
  const defs = resourcesIn(gv);
  if (defs.length === 0) return undefined;
  const resources = [...(gv === 'v1' ? [NAMESPACES_ENTRY] : []), ...defs.flatMap(entries)];
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources };
}

export function apiGroup(name: string) {
  const versions =
    name === AUTHORIZATION.name
      ? [AUTHORIZATION.version]
      : name === METRICS_GROUP
        ? [METRICS_VERSION]
        : [...new Set(RESOURCES.filter((r) => r.group === name).map((r) => r.version))];
  if (versions.length === 0) return undefined;
  const gvs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: gvs, preferredVersion: gvs[0]! };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...GROUPS, AUTHORIZATION.name, METRICS_GROUP].map((g) => apiGroup(g)!),
  };
}

/** The discovery document for a path split into segments, or undefined if it is not one. */
export function discoveryDocument(segments: string[], serverAddress: string): unknown {
  if (segments.length === 1 && segments[0] === 'api') return apiVersions(serverAddress);
  if (segments.length === 1 && segments[0] === 'apis') return apiGroupList();
  if (segments.length === 2 && segments[0] === 'apis') {
    const group = apiGroup(segments[1]!);
    return group && { kind: 'APIGroup', apiVersion: 'v1', ...group };
  }
  if (segments.length === 2 && segments[0] === 'api') return resourceList(segments[1]!);
  if (segments.length === 3 && segments[0] === 'apis') return resourceList(`${segments[1]}/${segments[2]}`);
  return undefined;
}
