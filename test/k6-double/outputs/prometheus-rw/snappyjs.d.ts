// Types of snappyjs (pure-JS snappy, block format), which ships none: what the k6 double uses.
declare module 'snappyjs' {
  const SnappyJS: {
    compress<T extends Uint8Array | ArrayBuffer>(input: T): T;
    uncompress<T extends Uint8Array | ArrayBuffer>(input: T, maxLength?: number): T;
  };
  export default SnappyJS;
}
