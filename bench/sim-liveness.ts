/**
 * Is the simulator ever the bottleneck? req/s of the simulator's /health/liveness versus a bare
 * node:http server returning the same body, same generator (autocannon), same settings, each
 * target in its own process. Target ratio >= 0.70 (issue 3). Exit code 1 below the target.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

// Pipelining 10 keeps the generator (one process, same machine) from being the bottleneck, so the
// servers' own cost per request decides the result.
const SETTINGS = { connections: 20, pipelining: 10, duration: 4 };
export const TARGET_RATIO = 0.7;

async function measure(kind: 'bare' | 'sim'): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/targets/liveness-target.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const { url } = JSON.parse(line) as { url: string };
    await autocannon({ url, connections: SETTINGS.connections, duration: 1 }); // warm-up (JIT)
    const result = await autocannon({ url, ...SETTINGS });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result.requests.average;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    clearTimeout(killer);
  }
}

export async function run(): Promise<boolean> {
  // Alternate the two targets, twice, so a noisy neighbour on a shared machine hurts both alike.
  const bare: number[] = [];
  const sim: number[] = [];
  for (let i = 0; i < 2; i++) {
    bare.push(await measure('bare'));
    sim.push(await measure('sim'));
  }
  const best = (xs: number[]): number => Math.max(...xs);
  const ratio = best(sim) / best(bare);
  console.log(
    `sim-liveness: bare node:http ${Math.round(best(bare))} req/s, simulator ${Math.round(best(sim))} req/s, ratio ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'OK' : 'BELOW TARGET'}`,
  );
  return ratio >= TARGET_RATIO;
}
