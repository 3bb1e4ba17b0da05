// The load shape of a plan: the k6 options a scenario bundle exports, read the way `k6 inspect`
// would, and the scenarios, stages, peak rate and duration derived from them.
export * from './load-shape.ts';
export * from './shape-from-options.ts';
export * from './bundle-options.ts';
