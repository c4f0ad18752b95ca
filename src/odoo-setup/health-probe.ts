import http from 'node:http';

/**
 * A stand-in for the sidecar's `/healthz` while the sidecar is not running yet, on the
 * address the sidecar will listen on: Odoo's call reaching it shows Odoo can reach the
 * sidecar there. Its answer carries `probe` so the caller can tell it from another server's.
 */
export interface HealthProbe {
  readonly host: string;
  readonly port: number;
  readonly probe: string;
  close(): Promise<void>;
}

/** Opens the stand-in; undefined when the port is taken (a sidecar already runs there) or not ours to take. */
export type OpenHealthProbe = (host: string, port: number, probe: string) => Promise<HealthProbe | undefined>;

export const openHealthProbe: OpenHealthProbe = (host, port, probe) =>
  new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const found = req.method === 'GET' && (req.url ?? '').split('?')[0] === '/healthz';
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify(found ? { success: true, data: { status: 'ok', probe } } : { success: false }));
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(error.code ?? '')) resolve(undefined);
      else reject(error);
    });
    server.listen(port, host, () =>
      resolve({
        host,
        port,
        probe,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
