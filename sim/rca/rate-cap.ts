/**
 * The per-user background-chat cap: Redis `background_chat_rate_limit:<user_id>`, INCR with an
 * expiry set on the first hit, 5 per 300 s (server/chat/background/task.py). A fixed window in
 * simulated time; rejected attempts still count, as INCR does.
 */
export const RCA_CAP = { max: 5, windowSimMs: 300_000 };

export class RateCap {
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  constructor(
    private readonly now: () => number,
    private readonly max = RCA_CAP.max,
    private readonly windowMs = RCA_CAP.windowSimMs,
  ) {}

  /** True if this user may start another background chat now (and counts the attempt). */
  allow(userId: string): boolean {
    const t = this.now();
    let w = this.windows.get(userId);
    if (!w || w.expiresAt <= t) {
      w = { count: 0, expiresAt: t + this.windowMs };
      this.windows.set(userId, w);
    }
    w.count += 1;
    if (this.windows.size > 10_000) this.sweep(t);
    return w.count <= this.max;
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (w.expiresAt <= t) this.windows.delete(k);
  }
}

/** trigger-rca's 400 body when the cap is hit (server/chat/backend/agent/tools/trigger_rca_tool.py). */
export const RCA_RATE_LIMITED = {
  error: 'Rate limited — too many RCA investigations in the last 5 minutes. Please wait a moment and try again.',
};
