// Child processes the CLI starts (k6, the simulator): tracked so every exit path stops them, and the
// simulator's own start-up and ready line.
export * from './children.ts';
export * from './sim-process.ts';
