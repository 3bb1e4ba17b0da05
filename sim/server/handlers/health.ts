import type { Handler } from './types.ts';
import { reply } from './types.ts';

const ALIVE = reply(200, { status: 'alive' });
const READY = reply(200, { status: 'ready' });

export const liveness: Handler = () => ALIVE;
export const readiness: Handler = () => READY;

/** GET /health/: the expensive aggregate check. Its slowness lives in the cost table. */
export const healthAll: Handler = ({ deps }) => {
  const started = Date.now();
  const { celeryWorkers, chatbotPods } = deps.health();
  const checks = {
    database: { status: 'healthy' },
    redis: { status: 'healthy' },
    weaviate: { status: 'healthy' },
    celery:
      celeryWorkers > 0
        ? { status: 'healthy', active_workers: celeryWorkers }
        : { status: 'unhealthy', active_workers: 0 },
    chatbot_websocket: chatbotPods > 0 ? { status: 'healthy' } : { status: 'unhealthy' },
  };
  const unhealthy = celeryWorkers === 0 || chatbotPods === 0;
  return reply(unhealthy ? 503 : 200, {
    overall_status: unhealthy ? 'degraded' : 'healthy',
    timestamp: new Date().toISOString(),
    response_time_ms: Date.now() - started,
    checks,
  });
};
