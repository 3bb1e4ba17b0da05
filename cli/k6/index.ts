// k6 itself: which binary the run uses (and whether it is recent enough), and `k6 run` as a child.
export * from './binary.ts';
export * from './process.ts';
export * from './provision/provide.ts';
export { downloadAllowed, K6_RELEASE } from './provision/release.ts';
