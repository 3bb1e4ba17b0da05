// Child processes the CLI starts (k6, the simulator): tracked so every exit path stops them, and the
// simulator's own start-up and ready line; pid-owned temp folders and the liveness rule that sweeps them.
export * from './children.ts';
export * from './free-port.ts';
export * from './liveness.ts';
export * from './owned-temp.ts';
export * from './sim-process.ts';
