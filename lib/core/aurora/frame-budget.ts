// The chatbot's per-connection limit (docs/aurora-contract.md §2): a token bucket of 5 frames per 60 s applied to
// every inbound frame; over it the frame is dropped with a rate_limit error. The client keeps its
// own bucket per connection and never sends a frame the server would drop. Pure (clock injected).

export const CHATBOT_FRAME_LIMIT = { burst: 5, perSeconds: 60 } as const;

export class FrameBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly burst: number = CHATBOT_FRAME_LIMIT.burst,
    private readonly perSeconds: number = CHATBOT_FRAME_LIMIT.perSeconds,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * (this.burst / this.perSeconds));
    this.last = t;
  }

  /** Takes one frame's token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next frame may be sent (0 = now). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.perSeconds * 1000) / this.burst);
  }
}
