// The target half of the preflight: one authenticated request before any load, so a wrong secret
// stops the run with its cause instead of a run of 403s. `GET /api/incidents?limit=1` carries
// X-Internal-Secret and no user: Aurora checks the secret first (403 "invalid or missing
// X-Internal-Secret header" when wrong), then the user (401 "Unauthorized" when missing), so a 401 from
// Aurora means the secret was accepted. The judgement is pure; the request is a thin shell.
import type { PlumbingProblem } from '../../k8s/index.ts';

export const SECRET_PROBE_PATH = '/api/incidents?limit=1';

export type TargetAnswer = { status: number; body: string } | { error: string };

export type TargetVerdict =
  | { kind: 'accepted' }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'problem'; problem: PlumbingProblem }
  /** An answer that does not tell (5xx, 429): said, but not a reason to stop. */
  | { kind: 'unclear'; note: string };

/** The error text of an Aurora JSON answer, short, with the secret (if any) masked. */
function errorText(body: string, secret: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') text = parsed.error;
  } catch {
    // not JSON
  }
  text = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return secret ? text.split(secret).join('***') : text;
}

export function judgeSecretAnswer(apiUrl: string, answer: TargetAnswer, envVar: string, secret = ''): TargetVerdict {
  const url = `${apiUrl.replace(/\/+$/, '')}${SECRET_PROBE_PATH}`;
  if ('error' in answer) return { kind: 'unreachable', reason: `GET ${url} failed (${answer.error})` };
  const said = errorText(answer.body, secret);
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status === 401 && /^unauthorized/i.test(said)) return { kind: 'accepted' }; // the secret passed; no user sent
  if (status === 401 || status === 403) {
    return {
      kind: 'problem',
      problem: {
        message: `the target refused the secret in ${envVar}: GET ${url} answered ${status}${said ? ` "${said}"` : ''}`,
        fix: `export ${envVar}=<the INTERNAL_API_SECRET the target's aurora-server runs with>; in CI, set the secret mapped to ${envVar}`,
      },
    };
  }
  if (status === 404) {
    return {
      kind: 'problem',
      problem: {
        message: `GET ${url} answered 404: this does not look like aurora-server's API`,
        fix: 'set target.apiUrl to the API host (the ingress of aurora-server), not the frontend',
      },
    };
  }
  return {
    kind: 'unclear',
    note: `GET ${url} answered ${status}${said ? ` "${said}"` : ''}; the secret was not confirmed`,
  };
}

export async function probeTargetSecret(
  apiUrl: string,
  secret: string,
  envVar: string,
  timeoutMs = 10_000,
): Promise<TargetVerdict> {
  const url = `${apiUrl.replace(/\/+$/, '')}${SECRET_PROBE_PATH}`;
  let answer: TargetAnswer;
  try {
    const res = await fetch(url, { headers: { 'X-Internal-Secret': secret }, signal: AbortSignal.timeout(timeoutMs) });
    answer = { status: res.status, body: (await res.text()).slice(0, 2000) };
  } catch (err) {
    answer = { error: (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name };
  }
  return judgeSecretAnswer(apiUrl, answer, envVar, secret);
}
