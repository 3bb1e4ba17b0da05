// Pure rules of the rca flow.

/** Which way the n-th submission goes: spreads webhook and trigger-rca evenly by share (0..1). */
export function viaWebhook(n: number, share: number): boolean {
  return Math.floor((n + 1) * share) > Math.floor(n * share);
}
