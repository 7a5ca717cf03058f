import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request as raw bytes over TCP, exactly as given: no client-side URL
 * normalisation, escaping or header validation, as an attacker's tool would.
 */
export function rawRequest(port: number, head: Buffer | string, options: { localAddress?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [headText = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? NaN);
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(bytes(head));
  });
}

const bytes = (x: Buffer | string) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : x);

/** A GET with `Connection: close`, the path and headers written byte for byte. */
export function rawGet(
  port: number,
  path: Buffer | string,
  headers: Record<string, Buffer | string> = {},
  options: { localAddress?: string } = {},
) {
  const parts = [bytes('GET '), bytes(path), bytes(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n')];
  for (const [name, value] of Object.entries(headers)) parts.push(bytes(`${name}: `), bytes(value), bytes('\r\n'));
  parts.push(bytes('\r\n'));
  return rawRequest(port, Buffer.concat(parts), options);
}
