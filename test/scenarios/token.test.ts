// WebSocket token minting (docs/aurora-contract.md §2): HS256 over INTERNAL_API_SECRET + "aurora:ws-token-signing",
// claims {userId, orgId, aud, jti, iat, exp=iat+120}. A minted token opens the simulator's chatbot
// socket (START); an expired one, a wrong secret and a reused jti are refused (auth error, 1008).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import {
  mintWsTokenWith,
  uuidFromBytes,
  wsTokenClaims,
  type JwtPrimitives,
  type MintInput,
} from '../../lib/core/aurora/jwt.ts';
import { startSimulator, mintWsToken as simMint, type RunningSim } from '../../sim/index.ts';
import { verifyWsToken, wsSigningKey } from '../../sim/chatbot/jwt.ts';
import { chatbotUrl } from '../../lib/core/aurora/target.ts';

const SECRET = 'token-test-secret';
const node: JwtPrimitives = {
  b64url: (t) => Buffer.from(t, 'utf8').toString('base64url'),
  hmacSha256B64url: (k, d) => createHmac('sha256', Buffer.from(k, 'utf8')).update(d).digest('base64url'),
};
const mint = (over: Partial<MintInput> = {}) =>
  mintWsTokenWith({ secret: SECRET, userId: 'u1', orgId: 'o1', jti: uuidFromBytes(randomBytes(16)), ...over }, node);

test('claims follow contract §2', () => {
  const c = wsTokenClaims({ secret: SECRET, userId: 'u1', orgId: 'o1', jti: 'j', nowSeconds: 1_000 });
  assert.deepEqual(c, { userId: 'u1', orgId: 'o1', aud: 'chatbot-ws', jti: 'j', iat: 1_000, exp: 1_120 });
});

test("the token is byte-identical to the simulator's reference minting and verifies with its key", () => {
  const input = { secret: SECRET, userId: 'u1', orgId: 'o1', jti: 'abc', nowSeconds: 1_700_000_000 };
  assert.equal(
    mintWsTokenWith(input, node),
    simMint(SECRET, { userId: 'u1', orgId: 'o1', jti: 'abc', iat: 1_700_000_000 }),
  );
  const now = Math.floor(Date.now() / 1000);
  const check = verifyWsToken(mint(), wsSigningKey(SECRET), now);
  assert.equal(check.ok, true);
});

test('uuidFromBytes makes RFC 4122 v4 ids', () => {
  const id = uuidFromBytes(new Uint8Array(16).fill(0xff));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

let sim: RunningSim;
let user: { id: string; orgId: string };
before(async () => {
  sim = await startSimulator({ port: 0, k8sPort: 0, timeScale: 1, secret: SECRET, quiet: true });
  const res = await fetch(`${sim.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: `tok-${Date.now()}@load.example.test`,
      password: 'password-123',
      name: 'tok',
      org_name: `tok-${Date.now()}`,
    }),
  });
  assert.equal(res.status, 201);
  user = (await res.json()) as { id: string; orgId: string };
});
after(async () => {
  await sim?.close();
});

/** Connects and returns the first frame and the close code (bounded by a 5 s timer). */
function connect(
  token: string,
): Promise<{ first: { type?: string; data?: { status?: string; text?: string } } | null; code: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(chatbotUrl(sim.wsUrl, token));
    let first: { type?: string } | null = null;
    const timer = setTimeout(() => {
      ws.terminate();
      resolve({ first, code: null });
    }, 5000);
    ws.on('message', (d) => {
      if (first) return;
      first = JSON.parse(String(d));
      if ((first as { type?: string }).type === 'status') {
        clearTimeout(timer);
        ws.close(1000);
        resolve({ first, code: null });
      }
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ first, code });
    });
    ws.on('error', () => {
      /* close follows */
    });
  });
}

test('the simulator accepts a fresh token (START) and refuses an expired one (auth error, 1008)', async () => {
  const ok = await connect(mint({ userId: user.id, orgId: user.orgId }));
  assert.deepEqual(ok.first, { type: 'status', data: { status: 'START' } });

  const expired = await connect(
    mint({ userId: user.id, orgId: user.orgId, nowSeconds: Math.floor(Date.now() / 1000) - 300 }),
  );
  assert.equal(expired.first?.type, 'error');
  assert.match(String(expired.first?.data?.text), /^Authentication failed/);
  assert.equal(expired.code, 1008);
});

test('a token signed with another secret, or a reused jti, is refused', async () => {
  const wrong = await connect(
    mintWsTokenWith({ secret: 'not-the-secret', userId: user.id, orgId: user.orgId, jti: 'x1' }, node),
  );
  assert.equal(wrong.code, 1008);
  const token = mint({ userId: user.id, orgId: user.orgId });
  assert.equal((await connect(token)).first?.type, 'status');
  const replay = await connect(token);
  assert.equal(replay.first?.type, 'error');
  assert.equal(replay.code, 1008);
});
