// k6 test double: the argument checks and error texts of k6/websockets' WebSocket (websockets.go),
// as pure functions.
import { textEncoder } from './convert.ts';

/** The WebSocket constructor's url checks: ws/wss scheme, no fragment. Throws k6's message. */
export function checkWebSocketUrl(url: unknown): void {
  if (url === undefined || url === null) throw new Error('WebSocket requires a url');
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch (e) {
    throw new Error(`WebSocket requires valid url, but got "${String(url)}" which resulted in ${(e as Error).message}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new Error(`WebSocket requires url with scheme ws or wss, but got "${parsed.protocol.replace(':', '')}"`);
  }
  if (parsed.hash) throw new Error(`WebSocket requires no url fragment, but got "${parsed.hash.slice(1)}"`);
}

/** close(code, reason) checks: 1000 or 3000-4999 (0/undefined mean 1000), a reason of at most 123 bytes. */
export function checkCloseArgs(code: number | undefined, reason: string): void {
  if (code !== undefined && code !== 0 && !(code === 1000 || (code >= 3000 && code <= 4999))) {
    throw new Error(
      `InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither`,
    );
  }
  if (textEncoder.encode(reason).length > 123) {
    throw new Error(
      "SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than 123 bytes",
    );
  }
}

/** Codes other than 1000/1001 end the session with an error event before the close event. */
export function isUnexpectedClose(code: number): boolean {
  return code !== 1000 && code !== 1001;
}

/** The error event's text for an unexpected close code (gorilla/websocket's CloseError). */
export function closeErrorText(code: number, reason: string): string {
  if (code === 1006) return 'websocket: close 1006 (abnormal closure): unexpected EOF';
  return `websocket: close ${code}${reason ? ` (${reason})` : ''}`;
}

export function protocolList(protocols: string | string[] | null | undefined): string[] {
  if (protocols === null || protocols === undefined) return [];
  return Array.isArray(protocols) ? protocols.map(String) : [String(protocols)];
}
