// Pod names, seeded and Kubernetes-style: <deployment>-<pod-template-hash>-<suffix>.
// Kubernetes encodes both parts with its "safe" alphabet (no vowels, no 0/1/3, so no words and
// no look-alikes): k8s.io/apimachinery/pkg/util/rand SafeEncodeString.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32-bit: turns a seed and a name into an independent PRNG seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for names; returns floats in [0, 1). */
export function seededRandom(seed: number, stream: string): () => number {
  let a = hash32(`${seed}:${stream}`);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function safeString(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[Math.floor(random() * SAFE_ALPHABET.length)];
  return out;
}

/** Generates unique pod names for one Deployment, the same sequence for the same seed. */
export class PodNamer {
  readonly templateHash: string;
  private readonly random: () => number;
  private readonly used = new Set<string>();

  constructor(
    private readonly deployment: string,
    seed: number,
  ) {
    this.random = seededRandom(seed, deployment);
    this.templateHash = safeString(this.random, 10);
  }

  next(): string {
    // 27^5 ≈ 14 M names; collisions are rare, and the loop is bounded all the same.
    for (let attempt = 0; attempt < 1000; attempt++) {
      const name = `${this.deployment}-${this.templateHash}-${safeString(this.random, 5)}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    throw new Error(`could not find a free pod name for ${this.deployment}`);
  }
}
