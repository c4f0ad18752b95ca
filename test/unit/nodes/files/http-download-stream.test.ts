import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { filesHarness, type FilesHarness } from './run-workflow';

const HTTP = 'n8n-nodes-base.httpRequest';
const CHUNK = Buffer.alloc(64 * 1024, 'abcdefgh');

/** A file server: `/file?size=N` sends N bytes, `/endless` never stops sending. */
function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', 'attachment; filename="export.bin"');
    if (url.pathname === '/endless') {
      const push = (): void => {
        while (res.write(CHUNK));
        res.once('drain', push);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      push();
      return;
    }
    let left = Number(url.searchParams.get('size'));
    const push = (): void => {
      while (left > 0) {
        const part = CHUNK.subarray(0, Math.min(left, CHUNK.length));
        left -= part.length;
        if (!res.write(part)) {
          res.once('drain', push);
          return;
        }
      }
      res.end();
    };
    push();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function expectedBytes(size: number): Buffer {
  const whole = Buffer.concat(Array.from({ length: Math.ceil(size / CHUNK.length) }, () => CHUNK));
  return whole.subarray(0, size);
}

describe('HTTP Request: file downloads stream to the binary store', () => {
  let h: FilesHarness;
  let server: { url: string; close(): Promise<void> };
  const limit = 3 * 1024 * 1024;
  beforeAll(async () => {
    h = filesHarness({ inlineMaxBytes: 1024, maxBytes: limit });
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
    h.close();
  });

  const download = (url: string) =>
    h.run([['Download', HTTP, 4.2, { url, options: { response: { response: { responseFormat: 'file' } } } }]], [{ json: { keep: true } }]);

  it('stores a 2.5 MB download on disk with the name the server gave', async () => {
    const size = 2.5 * 1024 * 1024;
    const run = await download(`${server.url}/file?size=${size}`);
    const [item] = h.output(run, 'Download');
    expect(item?.json).toEqual({ keep: true });
    expect(item?.binary?.data).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'export.bin', fileExtension: 'bin', data: 'filesystem-v2', bytes: size, fileSize: '2.62 MB' });
    const bytes = await h.bytesOf(run, 'Download', 0, 'data');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(expectedBytes(size)).digest('hex'));
  });

  it('stops an endless download at MAX_BINARY_BYTES with a node error, keeping nothing of it', async () => {
    const run = await download(`${server.url}/endless`);
    expect(run.status).toBe('error');
    const error = run.data.resultData.runData.Download?.[0]?.error;
    expect(error?.node?.name).toBe('Download');
    expect(error?.message).toBe(`The file is larger than MAX_BINARY_BYTES (${limit} bytes) [item 0]`);
    const stored = path.join(h.dataDir, 'binary');
    const files = fs.existsSync(stored) ? fs.readdirSync(stored, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()) : [];
    // Only the earlier test's download is kept.
    expect(files).toHaveLength(1);
  });
});
