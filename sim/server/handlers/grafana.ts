/** POST /grafana/alerts/webhook/{user_id} (server/routes/grafana/grafana_routes.py alert_webhook). */
import type { Handler } from './types.ts';
import { reply, silentJson } from './types.ts';

const RECEIVED = reply(200, { received: true });

export const grafanaWebhook: Handler = ({ param, body, deps: { store, pipeline } }) => {
  const user = store.users.get(param);
  if (!user) return reply(404, { error: 'Unknown user' });
  // The first call per user auto-connects Grafana and is processed with skip_rca=True.
  const skipRca = !store.grafanaConnected.has(user.id);
  store.grafanaConnected.add(user.id);
  pipeline.enqueueGrafana(user, silentJson(body), skipRca);
  return RECEIVED;
};
