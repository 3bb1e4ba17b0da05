// k6 test double: the Blob of k6/websockets (binary messages when binaryType is "blob").
import { textDecoder, toArrayBuffer, toBytes } from './convert.ts';

export class DoubleBlob {
  readonly type: string;
  private readonly bytes: Uint8Array;
  constructor(parts?: unknown[], options?: { type?: string }) {
    const chunks = (parts ?? []).map((p) => (p instanceof DoubleBlob ? p.bytes : toBytes(p)));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    this.bytes = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      this.bytes.set(c, off);
      off += c.length;
    }
    this.type = options?.type ?? '';
  }
  get size(): number {
    return this.bytes.length;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(toArrayBuffer(this.bytes));
  }
  bytesArray(): Uint8Array {
    return this.bytes;
  }
  text(): Promise<string> {
    return Promise.resolve(textDecoder.decode(this.bytes));
  }
  slice(start?: number, end?: number): DoubleBlob {
    return new DoubleBlob([this.bytes.slice(start, end)], { type: this.type });
  }
}
