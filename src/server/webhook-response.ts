import { Readable } from 'node:stream';
import type { Response } from 'express';
import type { WebhookReply } from '../contracts/node-services';

/**
 * Writes a webhook reply as n8n does: JSON bodies as JSON (keeping a content type the
 * workflow chose), text as is, bytes as is, and nothing when the body is undefined.
 */
export function writeWebhookReply(res: Response, reply: WebhookReply): void {
  res.status(reply.statusCode);
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  const { body } = reply;
  if (body === undefined) {
    res.end();
  } else if (Buffer.isBuffer(body)) {
    res.end(body);
  } else if (body instanceof Readable) {
    // A stored file: streamed, never read into memory; a read failure cuts the answer short.
    body.on('error', () => res.destroy());
    body.pipe(res);
  } else if (typeof body === 'string') {
    if (!res.getHeader('content-type')) res.type('text/plain');
    res.send(body);
  } else {
    res.json(body);
  }
}
