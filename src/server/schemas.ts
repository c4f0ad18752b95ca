import { z } from 'zod';
import { STORED_STATUSES, storedStatusOf } from '../executions/status';

/** A JSON object from a parsed body (JSON by construction, so values need no further check). */
const jsonObject = z.record(z.string(), z.unknown());

export const executeBodySchema = z
  .object({
    mode: z.enum(['manual', 'production']).optional(),
    triggerData: z.union([jsonObject, z.array(jsonObject)], { errorMap: () => ({ message: 'must be an object or an array of objects' }) }).optional(),
    startNode: z.string().min(1).optional(),
    wait: z.boolean().optional(),
  })
  .strict();

export const retryBodySchema = z
  .object({
    loadWorkflow: z.boolean().optional(),
    wait: z.boolean().optional(),
  })
  .strict();

/** POST /executions/:id/run-node: the node to run (by name) with the saved items of its parents. */
export const runNodeBodySchema = z
  .object({
    node: z.string().min(1, 'node must name a node of the workflow'),
    wait: z.boolean().optional(),
  })
  .strict();

export const emptyBodySchema = z.object({}).strict();

export const importBodySchema = z
  .object({
    workflow: jsonObject,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** Query strings are text: limit/offset arrive as strings; `canceled` (n8n) means `cancelled`. */
export const executionListQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(500))
      .optional(),
    offset: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(0)).optional(),
    status: z
      .string()
      .transform((value) => storedStatusOf(value) ?? value)
      .pipe(z.enum(STORED_STATUSES))
      .optional(),
  })
  .strict();

/** Idempotency keys are stored as `request_id`: bounded, printable. */
export const idempotencyKeySchema = z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const wholeNumber = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number);

/** GET /executions/:id/binary: which binary property of which node run to download. */
export const runBinaryQuerySchema = z
  .object({
    node: z.string().min(1, 'must name a node'),
    run: wholeNumber.optional(),
    output: wholeNumber.optional(),
    item: wholeNumber.optional(),
    property: z.string().min(1, 'must name a binary property').optional(),
  })
  .strict();
