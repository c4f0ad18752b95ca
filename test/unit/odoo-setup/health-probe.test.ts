import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openHealthProbe } from '../../../src/odoo-setup/health-probe';

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('stand-in /healthz for odoo setup', () => {
  it('answers /healthz with its probe token on the sidecar address, 404 elsewhere, and frees the port', async () => {
    const port = await freePort();
    const probe = await openHealthProbe('127.0.0.1', port, 'token-1');
    expect(probe).toBeDefined();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ success: true, data: { status: 'ok', probe: 'token-1' } });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await probe?.close();
    const again = await openHealthProbe('127.0.0.1', port, 'token-2');
    expect(again?.probe).toBe('token-2');
    await again?.close();
  });

  it('steps aside when the port is taken (a sidecar already runs there)', async () => {
    const running = http.createServer((_req, res) => res.end('sidecar'));
    await new Promise<void>((resolve) => running.listen(0, '127.0.0.1', resolve));
    const { port } = running.address() as AddressInfo;
    await expect(openHealthProbe('127.0.0.1', port, 'token')).resolves.toBeUndefined();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  });
});
