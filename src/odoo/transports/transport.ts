import type { JsonObject, JsonValue } from '../../workflow/json';
import type { OdooTransportKind } from '../config';

/** One ORM method call: `env[model].method(*args, **kwargs)`. */
export interface OdooCall {
  model: string;
  method: string;
  args: JsonValue[];
  kwargs: JsonObject;
}

/** One way of carrying calls to Odoo. Authentication and its renewal are the transport's business. */
export interface OdooTransport {
  readonly kind: OdooTransportKind;
  execute(call: OdooCall, signal?: AbortSignal): Promise<JsonValue>;
  close(): Promise<void>;
}
