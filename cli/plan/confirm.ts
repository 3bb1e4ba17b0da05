// The typed confirmation for production-like envs: in a terminal, the env's name must be typed back.
// Without a terminal (CI), --yes alone is the confirmation (safety.ts refuses the run without it).
import { createInterface } from 'node:readline/promises';

export async function confirmByTyping(envName: string, target: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(
      `This run sends load to ${envName} (${target}). Type the env name "${envName}" to go on: `,
    );
    return answer.trim() === envName;
  } finally {
    rl.close();
  }
}
