// Series colours, decided before the page draws: every series of a panel gets its own colour.
// Services keep their hue across panels (a service's rate and errors read as one story); the
// percentiles of one latency panel, and desired/ready replicas of one HPA, get clearly different ones.

export const SERVICE_HUES: Record<string, string> = {
  'aurora-server': '#2563eb',
  chatbot: '#7c3aed',
  celery: '#ea580c',
  untagged: '#64748b',
};
/** p50 quiet, p95 (the usual SLO) strong, p99 a contrasting hue. */
export const PERCENTILE_COLORS: Record<string, string> = { p50: '#0d9488', p95: '#2563eb', p99: '#c026d3' };
/** Per HPA: [desired, ready], the same family, clearly apart. */
const HPA_PAIRS: Array<[RegExp, [string, string]]> = [
  [/chat/, ['#6d28d9', '#e879f9']],
  [/celery|worker/, ['#c2410c', '#ca8a04']],
  [/server|api/, ['#1e40af', '#0ea5e9']],
];
/** Fallbacks, each far from the others and from the red of limit lines. */
export const PALETTE = [
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ca8a04',
  '#4f46e5',
  '#0d9488',
  '#9333ea',
  '#475569',
  '#b45309',
  '#15803d',
];

/** The hue of a service (or anything named after one), else undefined. */
export function serviceHue(key: string): string | undefined {
  if (SERVICE_HUES[key]) return SERVICE_HUES[key];
  if (/chat/.test(key)) return SERVICE_HUES.chatbot;
  if (/celery|worker/.test(key)) return SERVICE_HUES.celery;
  if (/server|api/.test(key)) return SERVICE_HUES['aurora-server'];
  return undefined;
}

export function hpaColor(hpa: string, field: 'desired' | 'ready'): string | undefined {
  const pair = HPA_PAIRS.find(([re]) => re.test(hpa))?.[1];
  return pair ? pair[field === 'desired' ? 0 : 1] : undefined;
}

/** Preferred colours in order; a colour already taken in the panel is replaced by the next free one. */
export function distinctColors(preferred: Array<string | undefined>): string[] {
  const used = new Set<string>();
  return preferred.map((want) => {
    const color =
      want && !used.has(want) ? want : (PALETTE.find((c) => !used.has(c)) ?? want ?? (PALETTE[0] as string));
    used.add(color);
    return color;
  });
}
