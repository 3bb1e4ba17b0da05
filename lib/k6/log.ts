// k6's console, typed here: @types/k6 declares no console and bundle code sees no DOM or Node types.
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};

export const logWarn = (msg: string): void => console.warn(msg);
export const logInfo = (msg: string): void => console.log(msg);
