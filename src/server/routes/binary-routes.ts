import { Router } from 'express';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import type { BinaryData } from '../../contracts/run-data';
import { NotFoundError, errorMessage } from '../../errors';
import { findRunBinary } from '../../executions/run-binary';
import { InlineBinaryStore, binaryByteLength } from '../../binary';

/** Without a data directory only inline bytes exist (and a stored reference is reported missing). */
const inlineOnly = new InlineBinaryStore();
import type { AppDependencies } from '../app-dependencies';
import { runBinaryQuerySchema } from '../schemas';
import { parseInput } from '../validation';

/** Headers of a download: the stored type, the file's own name, its size when known. */
function writeHead(res: Response, binary: BinaryData): void {
  res.status(200);
  res.type(binary.mimeType || 'application/octet-stream');
  res.attachment(binary.fileName || 'data');
  const size = binaryByteLength(binary);
  if (size > 0) res.setHeader('Content-Length', String(size));
  // Never rendered by a browser as a page of the sidecar's origin.
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
}

/**
 * Downloads of the binary data an execution's node runs put out (management key). Odoo
 * calls it for a user once its own record rules let that user read the execution, and
 * streams the answer on: a stored file is never read into memory here.
 */
export function binaryRoutes(deps: AppDependencies): Router {
  const router = Router();

  router.get('/executions/:id/binary', async (req, res) => {
    const query = parseInput(runBinaryQuerySchema, req.query, 'query of GET /executions/:id/binary');
    const record = await deps.executions.get(req.params.id as string);
    if (record === undefined) throw new NotFoundError(`Execution "${req.params.id}" was not found`);
    const binary = findRunBinary(record, { node: query.node, run: query.run ?? 0, output: query.output ?? 0, item: query.item ?? 0, property: query.property ?? 'data' });
    let body: Readable;
    try {
      body = await (deps.binary ?? inlineOnly).toStream(binary);
    } catch (error) {
      throw new NotFoundError(`The file of binary property "${query.property ?? 'data'}" of node "${query.node}" in execution "${record.id}" cannot be read: ${errorMessage(error)}`);
    }
    writeHead(res, binary);
    // A read failure midway cuts the answer short: the client sees a truncated download, not a wrong one.
    body.on('error', () => res.destroy());
    body.pipe(res);
  });

  return router;
}
