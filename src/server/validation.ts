import type { RequestHandler } from 'express';
import express from 'express';
import type { z } from 'zod';
import { BadRequestError } from '../errors';

/** Every issue in one line, each with the field it concerns, so a caller fixes all at once. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${field}${issue.message}`;
    })
    .join('; ');
}

/** Parses `value` with `schema`; a mismatch is a 400 naming `what` and the fields at fault. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequestError(`Invalid ${what}: ${describeIssues(result.error)}`);
  return result.data as z.output<T>;
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return headers['transfer-encoding'] !== undefined;
}

/**
 * JSON bodies of management routes. A body in another format is refused rather than
 * silently ignored (express.json would leave `req.body` unset and the defaults would run).
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes });
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is(['application/json', 'application/*+json'])) {
      next(new BadRequestError(`The request body must be JSON (Content-Type: application/json), got ${req.headers['content-type'] ?? 'no Content-Type'}`));
      return;
    }
    next();
  };
  return [requireJson, parse];
}
