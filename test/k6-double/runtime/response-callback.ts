// k6 test double: http.expectedStatuses() and the response callback that decides a response's
// `expected_response` tag and http_req_failed value. Pure functions.

export type ExpectedStatus = number | { min: number; max: number };
export type ExpectedStatuses = { __k6doubleExpected: ExpectedStatus[] };
export type ResponseCallback = ExpectedStatuses | null;

/** k6's default: 200-399 are expected. */
export const DEFAULT_RESPONSE_CALLBACK: ResponseCallback = { __k6doubleExpected: [{ min: 200, max: 399 }] };

export function expectedStatuses(...args: ExpectedStatus[]): ExpectedStatuses {
  for (const a of args) {
    const ok = typeof a === 'number' ? Number.isInteger(a)
      : a && typeof a === 'object' && Number.isInteger(a.min) && Number.isInteger(a.max);
    if (!ok) throw new Error('argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}');
  }
  return { __k6doubleExpected: args };
}

export function isExpected(cb: ExpectedStatuses, status: number): boolean {
  return cb.__k6doubleExpected.some((e) => (typeof e === 'number' ? e === status : status >= e.min && status <= e.max));
}

/** http.setResponseCallback() accepts only null or what http.expectedStatuses() returns. */
export function assertResponseCallback(cb: ResponseCallback): void {
  if (cb !== null && !(cb && typeof cb === 'object' && '__k6doubleExpected' in cb)) {
    throw new Error('unsupported argument, expected http.expectedStatuses');
  }
}
