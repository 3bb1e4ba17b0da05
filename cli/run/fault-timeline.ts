// Fires the run's timed simulator faults (`--sim-fault "<spec>@stage:<n>"` / `"<spec>@<duration>"`)
// on the load's clock: the load starts with the first sample that carries a `stage` tag in k6's
// NDJSON (setup excluded), and each fault is posted to the simulator's `POST /__sim/faults` at its
// offset from then. That endpoint replaces the active faults, so every post carries the faults
// already active (the start ones and those fired so far) plus the new one; `crash=` acts once.
import { open } from 'node:fs/promises';
import { parseFaults } from '../../sim/faults/parse.ts';
import type { FaultFire } from '../plan/index.ts';

/** The load's start (ms since the epoch) when this NDJSON line is its first load sample; else undefined. Pure. */
export function loadStartOf(line: string): number | undefined {
  if (!line.includes('"stage"') || !line.includes('"Point"')) return undefined;
  try {
    const v = JSON.parse(line) as { type?: string; data?: { time?: string; tags?: Record<string, string> } };
    if (v.type !== 'Point' || v.data?.tags?.stage === undefined || v.data.tags.scenario === undefined) return undefined;
    const t = Date.parse(v.data.time ?? '');
    return Number.isFinite(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** Faults that stay active after a post: state faults, not `crash=` (an action). Pure. */
export const isStateFault = (spec: string): boolean => {
  const parsed = parseFaults([spec]);
  return parsed.ok && parsed.actions.length === 0;
};

export interface FaultTimelineOptions {
  ndjsonPath: string;
  /** The simulator's base URL (its ingress), where `/__sim/faults` lives. */
  simUrl: string;
  /** The faults the simulator started with. */
  startFaults: string[];
  fires: FaultFire[];
  say: (line: string) => void;
  pollMs?: number;
}

export interface FaultTimeline {
  /** Stops watching and cancels what has not fired (said, not silent). */
  stop(): Promise<void>;
}

export function startFaultTimeline(o: FaultTimelineOptions): FaultTimeline {
  const active = o.startFaults.filter(isStateFault);
  const pending = new Set(o.fires);
  const timers: NodeJS.Timeout[] = [];
  let loadStart: number | undefined;
  let offset = 0;
  let rest = '';
  let reading = false;

  const fire = async (f: FaultFire): Promise<void> => {
    pending.delete(f);
    const at = `[fault +${((Date.now() - (loadStart ?? Date.now())) / 1000).toFixed(1)}s]`;
    try {
      const res = await fetch(`${o.simUrl}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [...active, f.spec] }),
      });
      const body = (await res.json()) as { error?: string; crashed?: string[] };
      if (!res.ok) {
        o.say(`${at} ${f.written} not applied: ${body.error ?? `HTTP ${res.status}`}`);
        return;
      }
      if (isStateFault(f.spec)) active.push(f.spec);
      o.say(`${at} ${f.written} fired${body.crashed?.length ? `: crashed ${body.crashed.join(', ')}` : ''}`);
    } catch (err) {
      o.say(`${at} ${f.written} not applied: ${(err as Error).message}`);
    }
  };

  const schedule = (start: number) => {
    loadStart = start;
    for (const f of o.fires) {
      timers.push(setTimeout(() => void fire(f), Math.max(0, start + f.atSeconds * 1000 - Date.now())));
    }
  };

  /** Reads what k6 appended since the last poll, until the load's first sample shows. */
  const poll = async () => {
    if (reading || loadStart !== undefined) return;
    reading = true;
    try {
      const file = await open(o.ndjsonPath, 'r');
      try {
        const buf = Buffer.alloc(1 << 16);
        for (;;) {
          const { bytesRead } = await file.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          const lines = (rest + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
          rest = lines.pop() ?? '';
          const start = lines.map(loadStartOf).find((t) => t !== undefined);
          if (start !== undefined) {
            clearInterval(ticker);
            schedule(start);
            return;
          }
        }
      } finally {
        await file.close();
      }
    } catch {
      // k6 has not created the file yet
    } finally {
      reading = false;
    }
  };
  const ticker = setInterval(() => void poll(), o.pollMs ?? 200);

  return {
    async stop() {
      clearInterval(ticker);
      for (const t of timers) clearTimeout(t);
      for (const f of pending) o.say(`[fault] ${f.written} did not fire: the load ended first`);
      pending.clear();
    },
  };
}
