import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const opened: Socket[] = [];
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
    opened.push(socket);
  });
}
const closed = (socket: Socket) => new Promise<void>((r) => (socket.destroyed ? r() : socket.once('close', () => r())));

describe('connection limits', () => {
  let api: ApiFixture;
  let port: number;
  beforeAll(async () => {
    api = await startApi({}, undefined, { maxConnections: 40, healthReserve: 4, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    port = Number(new URL(api.base).port);
  });
  afterAll(async () => {
    for (const s of opened) s.destroy();
    await api.close();
  });

  it('answers a right request while more sockets than the cap sit open and silent', async () => {
    const silent = await Promise.all(Array.from({ length: 100 }, () => openSocket(port)));
    const res = await fetch(`${api.base}/api/v1/machines`);
    expect(res.status).toBe(200);
    // The oldest silent ones made room; the server holds no more than its cap.
    for (const s of silent) s.resume();
    await new Promise((r) => setTimeout(r, 200));
    expect(silent.filter((s) => !s.destroyed).length).toBeLessThanOrEqual(40);
  });

  it('keeps a keep-alive connection that served a request, making room with silent ones first', async () => {
    const client = await openSocket(port);
    let text = '';
    client.on('data', (c) => (text += c.toString('latin1')));
    const ask = async () => {
      text = '';
      client.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await expect.poll(() => text, { timeout: 5000 }).toMatch(/\r\n\r\n\{"status":"ok"\}$/);
    };
    await ask();
    await Promise.all(Array.from({ length: 60 }, () => openSocket(port)));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.destroyed).toBe(false);
    await ask();
  });

  it('closes a connection that sends half a request head within the headers timeout', async () => {
    const socket = await openSocket(port);
    socket.resume();
    socket.write('GET /api/v1/machines HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    await closed(socket);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('refuses a request body at once instead of waiting for it', async () => {
    const socket = await openSocket(port);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c) => (text += c.toString('latin1')));
      socket.once('close', () => resolve(text));
    });
    socket.write('GET /api/v1/machines HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nx');
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toContain('takes no request body');
  });

  it('stops reading a client that pipelines without reading its answers, and stays healthy', async () => {
    const socket = await openSocket(port);
    socket.pause();
    const request = 'GET /api/v1/machines HTTP/1.1\r\nHost: x\r\n\r\n';
    socket.write(request.repeat(2000));
    await closed(socket);
    const health = await fetch(`${api.base}/healthz`);
    expect(health.status).toBe(200);
  });
});
