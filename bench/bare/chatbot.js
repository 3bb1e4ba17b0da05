// Bare k6 baseline of the `chatbot` bundle: per iteration a REST chat session and its status, a
// WebSocket turn streamed to END and usage_info, and a reconnect that waits for START, with the
// same token, frames and timeouts; `name` tags only, no checks, no custom metrics.
import http from 'k6/http';
import exec from 'k6/execution';
import { hmac, randomBytes } from 'k6/crypto';
import { b64encode } from 'k6/encoding';
import { setTimeout, clearTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { API, headersOf, SCENARIO, SECRET, setupUsers, WS } from './common.js';

export const options = { scenarios: { chatbot: { ...SCENARIO, exec: 'chatbot' } }, setupTimeout: '2m' };

export function setup() {
  return setupUsers(false);
}

const hex = () => Array.from(new Uint8Array(randomBytes(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const b64url = (text) => b64encode(text, 'rawurl');

function token(user) {
  const iat = Math.floor(Date.now() / 1000);
  const claims = { userId: user.id, orgId: user.orgId, aud: 'chatbot-ws', jti: hex(), iat, exp: iat + 120 };
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${hmac('sha256', `${SECRET}aurora:ws-token-signing`, input, 'base64rawurl')}`;
}

/** One socket: START, then (with a turn) the turn read to usage_info; resolves when closed or timed out. */
function connect(user, jar, turn) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${WS}/?token=${encodeURIComponent(token(user))}`, null, {
      jar,
      tags: { name: 'WS /' },
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      if (ws.readyState === 1) ws.close(1000);
      resolve();
    };
    const deadline = setTimeout(finish, 60_000);
    ws.onmessage = (event) => {
      const f = JSON.parse(String(event.data));
      if (f.type === 'status' && f.data && f.data.status === 'START') {
        if (!turn) return finish();
        ws.send(JSON.stringify({ type: 'message', ...turn, mode: 'ask', ui_state: { selectedMode: 'ask' } }));
      } else if (f.type === 'usage_info') finish();
    };
    ws.onerror = finish;
    ws.onclose = finish;
  });
}

export async function chatbot(data) {
  const user = data.users[(exec.vu.idInTest - 1) % data.users.length];
  const created = http.post(
    `${API}/chat_api/sessions`,
    JSON.stringify({ title: `aurora-load chat ${Date.now()}`, messages: [], ui_state: {} }),
    { headers: headersOf(user, true), tags: { name: 'POST /chat_api/sessions' } },
  );
  if (created.status !== 201) return;
  const sessionId = created.json().id;
  http.request('GET', `${API}/chat_api/sessions/${encodeURIComponent(sessionId)}/status`, null, {
    headers: headersOf(user, false),
    tags: { name: 'GET /chat_api/sessions/{id}/status' },
  });
  const jar = http.cookieJar();
  await connect(user, jar, {
    query: 'Why did error rates rise on the checkout service in the last hour?',
    user_id: user.id,
    session_id: sessionId,
  });
  await connect(user, jar, undefined);
}
