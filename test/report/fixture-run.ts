// Test data derived from the real k6 fixtures (test/fixtures/k6): the fixture NDJSON
// re-tagged as our scenarios tag theirs, plus a synthetic Kubernetes timeline.
//
// The re-tagging is mechanical and documented here so that numbers stay traceable to k6's output:
// - `service`: endpoint ok/flaky/echo -> aurora-server, slow -> celery, ws -> chatbot;
// - `stage`: the fixture's ramping-arrival-rate stages (4 s ramp, 6 s hold, 3 s ramp-down) by
//   elapsed time since the first scenario sample: 0, 1, 2;
// - ws_time_to_first_message is renamed aurora_ws_time_to_first_message;
// - aurora_rca_time_to_complete is synthesised from each GET /slow duration x 250 (20-40 s), so the
//   RCA panel has a series with the fixture's real timing and noise;
// - aurora_llm_spend_usd is synthesised likewise: each GET /slow is an RCA costing its duration in
//   ms / 10000 USD (about a cent), so the LLM spend panel has a series.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Timeline, TimelinePoint } from '../../cli/verdict/model.ts';
import { K6_FIXTURES } from '../k6-fixtures.ts';

export const FIXTURES = K6_FIXTURES;
export const fixturePath = (version: 'v1.3.0' | 'v2.2.0', file: string): string => `${FIXTURES}/${version}/${file}`;

const SERVICE: Record<string, string> = {
  ok: 'aurora-server',
  flaky: 'aurora-server',
  echo: 'aurora-server',
  slow: 'celery',
  ws: 'chatbot',
};
const STAGE_ENDS_S = [4, 10];

/** Writes the re-tagged NDJSON (gzipped) to `out`. */
export async function writeRetaggedNdjson(version: 'v1.3.0' | 'v2.2.0', out: string): Promise<void> {
  const input = createInterface({
    input: createReadStream(fixturePath(version, 'k6-out.ndjson.gz')).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const gzip = createGzip({ level: 1 });
  const sink = createWriteStream(out);
  gzip.pipe(sink);
  let first: number | undefined;
  let spendDeclared = false;
  const write = async (obj: unknown): Promise<void> => {
    if (!gzip.write(`${JSON.stringify(obj)}\n`)) await once(gzip, 'drain');
  };
  for await (const line of input) {
    if (!line) continue;
    const obj = JSON.parse(line);
    if (obj.metric === 'ws_time_to_first_message') obj.metric = 'aurora_ws_time_to_first_message';
    if (obj.type === 'Metric' && obj.data.name === 'ws_time_to_first_message')
      obj.data.name = 'aurora_ws_time_to_first_message';
    if (obj.type === 'Point') {
      const tags = (obj.data.tags ??= {});
      const t = Date.parse(obj.data.time);
      if (tags.endpoint && SERVICE[tags.endpoint]) tags.service = SERVICE[tags.endpoint];
      if (tags.scenario) {
        first ??= t;
        const elapsed = (t - first) / 1000;
        tags.stage = String(STAGE_ENDS_S.filter((end) => elapsed >= end).length);
      }
      if (obj.metric === 'http_req_duration' && tags.endpoint === 'slow' && tags.scenario) {
        if (!obj.__declared) {
          await write({
            type: 'Metric',
            data: {
              name: 'aurora_rca_time_to_complete',
              type: 'trend',
              contains: 'time',
              thresholds: [],
              submetrics: null,
            },
            metric: 'aurora_rca_time_to_complete',
          });
          obj.__declared = true;
        }
        await write({
          metric: 'aurora_rca_time_to_complete',
          type: 'Point',
          data: {
            time: obj.data.time,
            value: obj.data.value * 250,
            tags: { service: 'celery', stage: tags.stage, scenario: tags.scenario },
          },
        });
        delete obj.__declared;
        if (!spendDeclared) {
          spendDeclared = true;
          await write({
            type: 'Metric',
            data: {
              name: 'aurora_llm_spend_usd',
              type: 'counter',
              contains: 'default',
              thresholds: [],
              submetrics: null,
            },
            metric: 'aurora_llm_spend_usd',
          });
        }
        await write({
          metric: 'aurora_llm_spend_usd',
          type: 'Point',
          data: {
            time: obj.data.time,
            value: obj.data.value / 10000,
            tags: { service: 'celery', source: 'rca', model: 'fixture', stage: tags.stage, scenario: tags.scenario },
          },
        });
      }
    }
    await write(obj);
  }
  gzip.end();
  await finished(sink);
}

/**
 * A timeline in which the HPAs react to the fixture's stages: aurora-oss-server scales 2 -> 4
 * `scaleUpAfterS` after stage 1 starts (ready 2 s later) and back to 2 one second after load stops;
 * aurora-oss-chatbot 1 -> 2. `frozen: true` leaves every count where it started.
 */
export function syntheticTimeline(
  stage1StartMs: number,
  loadEndMs: number,
  opts: { frozen?: boolean; scaleUpAfterS?: number } = {},
): Timeline {
  const at = (s: number, base = stage1StartMs): number => Math.round(base + s * 1000);
  const hpa = (t: number, name: string, desired: number, ready: number): TimelinePoint => ({
    t,
    kind: 'hpa',
    name,
    desired,
    current: ready,
    ready,
    cpu: 40 + desired * 10,
  });
  const up = opts.scaleUpAfterS ?? 2;
  const points: TimelinePoint[] = [hpa(at(-5), 'aurora-oss-server', 2, 2), hpa(at(-5), 'aurora-oss-chatbot', 1, 1)];
  if (!opts.frozen) {
    points.push(
      hpa(at(up), 'aurora-oss-server', 4, 2),
      hpa(at(up + 2), 'aurora-oss-server', 4, 4),
      hpa(at(up + 1), 'aurora-oss-chatbot', 2, 1),
      hpa(at(up + 3), 'aurora-oss-chatbot', 2, 2),
      hpa(at(1, loadEndMs), 'aurora-oss-server', 2, 4),
      hpa(at(2, loadEndMs), 'aurora-oss-server', 2, 2),
    );
  }
  points.sort((a, b) => a.t - b.t);
  return { namespace: 'aurora', startedAt: at(-5), endedAt: at(3, loadEndMs), points, notes: [] };
}

/**
 * A plan.json as the CLI writes it into a run folder, reduced to what the report reads: the run
 * config's profile (stage kinds), the shape's stages (offsets, durations, arrival rates) and the HPA
 * expectations. `stages` are [startSeconds, durationSeconds, targetRate].
 */
export function fixturePlan(
  profile: string,
  profiles: Record<string, unknown>,
  stages: Array<[number, number, number]>,
  hpaExpectations: unknown[] = [],
): unknown {
  return {
    profile,
    runConfig: { profile, profiles, timeScale: 1 },
    hpaExpectations,
    shape: {
      stages: stages.map(([startSeconds, durationSeconds, targetRate], index) => ({
        index,
        startSeconds,
        durationSeconds,
        targetRate,
      })),
      durationSeconds: stages.reduce((end, [s, d]) => Math.max(end, s + d), 0),
    },
  };
}
