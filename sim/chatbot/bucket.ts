/**
 * The chatbot's per-connection RateLimiter(rate=5, per=60) from server/main_chatbot.py: starts
 * full at 5 tokens, refills 5/60 per second, every inbound frame takes one. Simulated time.
 */
export const WS_RATE = { rate: 5, perSimMs: 60_000 };

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly now: () => number,
    private readonly rate = WS_RATE.rate,
    private readonly perMs = WS_RATE.perSimMs,
  ) {
    this.tokens = rate;
    this.last = now();
  }

  allow(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.rate, this.tokens + (t - this.last) * (this.rate / this.perMs));
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
