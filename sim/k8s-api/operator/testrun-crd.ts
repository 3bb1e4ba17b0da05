// What a cluster checks when a TestRun (k6.io/v1alpha1, grafana/k6-operator) is created: the
// CustomResourceDefinition's openAPIV3Schema (k6.io_testruns.yaml beside this file, the operator's
// published CRD, Apache-2.0), checked by a JSON-schema validator (ajv) the way kube-apiserver does
// with `kubectl --validate=strict` (the default): wrong types, missing required fields and unknown
// fields are errors. Returns the errors as kube-apiserver words them (`spec.parallelism: Required value`).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const TESTRUN_API_VERSION = 'k6.io/v1alpha1';
export const TESTRUN_CRD_FILE = new URL('./k6.io_testruns.yaml', import.meta.url);

type Schema = { [key: string]: unknown };

/** The CRD's schema as ajv reads it: int-or-string as such, unknown fields refused (strict validation). */
function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (!node || typeof node !== 'object') return node;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) out[k] = structural(v);
  if (s['x-kubernetes-int-or-string'] === true) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const preserves = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.type === 'object' && s.properties && s.additionalProperties === undefined && !preserves) {
    out.additionalProperties = false;
  }
  return out;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const crd = parse(readFileSync(TESTRUN_CRD_FILE, 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  };
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha1');
  if (!version) throw new Error(`${TESTRUN_CRD_FILE.pathname}: no v1alpha1 version in the CRD`);
  const schema = structural(version.schema.openAPIV3Schema) as Schema;
  // metadata is the API server's to check (name below), not the CRD's
  (schema.properties as Schema).metadata = { type: 'object' };
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  compiled = ajv.compile(schema);
  return compiled;
}

/** `spec.runner.resources` from ajv's `/spec/runner/resources`. */
function fieldPath(e: ErrorObject): string {
  const base = e.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  const child =
    e.keyword === 'required'
      ? (e.params as { missingProperty: string }).missingProperty
      : e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperty: string }).additionalProperty
        : '';
  return [base, child].filter(Boolean).join('.') || '<root>';
}

function describe(e: ErrorObject): string {
  const at = fieldPath(e);
  switch (e.keyword) {
    case 'required':
      return `${at}: Required value`;
    case 'additionalProperties':
      return `${at}: unknown field "${at}"`;
    case 'enum':
      return `${at}: Unsupported value: supported values: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: Invalid value: ${e.message ?? e.keyword}`;
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The errors a cluster would answer for this TestRun; empty when it would be accepted. */
export function validateTestRun(obj: unknown): string[] {
  const errors: string[] = [];
  const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  if (o.apiVersion !== TESTRUN_API_VERSION) errors.push(`apiVersion: Invalid value: must be ${TESTRUN_API_VERSION}`);
  if (o.kind !== 'TestRun') errors.push('kind: Invalid value: must be TestRun');
  const name = o.metadata?.name;
  if (typeof name !== 'string' || name.length === 0) errors.push('metadata.name: Required value');
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    errors.push(`metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain`);
  const validate = validator();
  if (!validate(obj)) {
    // an int-or-string field fails both branches: one line naming both types
    const types = new Map<string, string[]>();
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'type') types.set(fieldPath(e), [...(types.get(fieldPath(e)) ?? []), String(e.params.type)]);
    }
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'anyOf') continue;
      const line =
        e.keyword === 'type'
          ? `${fieldPath(e)}: Invalid value: must be of type ${types.get(fieldPath(e))?.join(' or ')}`
          : describe(e);
      if (!seen.has(line)) errors.push(line);
      seen.add(line);
    }
  }
  return errors;
}
