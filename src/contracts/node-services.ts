import type { JsonObject, JsonValue } from '../workflow/json';
import type { Readable } from 'node:stream';
import type { BinaryStore } from '../binary/types';
import type { Item } from './run-data';

/**
 * Capabilities the engine hands to nodes. Each is optional: the CLI has no webhook
 * response, the embedded store has no Odoo. A node that needs a missing one fails with a
 * clear message. Implementations live outside the engine (executions/, odoo/, server/).
 */
export interface NodeServices {
  http?: HttpClient;
  subWorkflows?: SubWorkflowRunner;
  webhookResponse?: WebhookResponder;
  /** The HTTP call that started a webhook run (the Webhook node routes by its method). */
  webhookRequest?: { method: string };
  odoo?: OdooGateway;
  /** Other Odoo databases, reached with a node's `odooApi` credential. */
  odooConnector?: OdooConnector;
  credentials?: CredentialProvider;
  /** Where binary data lives; absent: everything inline (engine-only runs). */
  binary?: BinaryStore;
  /** What file nodes may touch (FILES_DIR, NODES_ALLOW_EXECUTE_COMMAND). */
  files?: FileAccess;
  /** Chat histories of memory sub-nodes (SQLite or Odoo); absent: kept in this process only. */
  chatMemory?: ChatMemoryStore;
}

/** One message of a kept chat history (the AI contract's ChatMessage, as stored). */
export interface StoredChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  toolCallId?: string;
  name?: string;
}

/**
 * Chat histories by session key (`<workflowId>__<sessionId>`, as n8n keys its memory), kept
 * where executions are kept so a conversation survives restarts.
 */
export interface ChatMemoryStore {
  /** The whole history, oldest first ([] for an unknown key). */
  load(key: string): Promise<StoredChatMessage[]>;
  /** Adds messages at the end of the history. */
  append(key: string, messages: StoredChatMessage[]): Promise<void>;
  /** Forgets a session (n8n's Chat Memory Manager "delete"). */
  clear(key: string): Promise<void>;
}

export interface FileAccess {
  /** Absolute root of Read/Write Files from Disk; undefined: those nodes refuse to run. */
  filesDir?: string;
  allowExecuteCommand: boolean;
}

export interface HttpRequestOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Follow 3xx redirects (default true); when false the 3xx response is returned as is. */
  followRedirects?: boolean;
  /** Most redirects to follow (default 21, as n8n's HTTP stack). */
  maxRedirects?: number;
  /**
   * Leave a successful (2xx) answer's body unread and hand it as `bodyStream`, so that a file
   * download goes to the binary store chunk by chunk; other answers are read as usual.
   */
  streamBody?: boolean;
}

export interface HttpResponse {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string>;
  /** The body read whole (empty when it is streamed). */
  body: Buffer;
  /** The unread body of a 2xx answer when `streamBody` was asked: the caller reads or destroys it. */
  bodyStream?: Readable;
}

export interface HttpClient {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
}

export interface SubWorkflowRequest {
  /** Canvas id / workflow_id from the store, or an inline workflow JSON. */
  workflow: { source: 'database'; id: string } | { source: 'parameter'; json: JsonValue };
  items: Item[];
  waitForCompletion: boolean;
  parentExecutionId: string;
  parentWorkflowId: string;
  parentNode: string;
  depth: number;
}

export interface SubWorkflowResult {
  executionId: string;
  /** Output of the sub-workflow's last node (empty when not waiting). */
  items: Item[];
  /**
   * True when the child parked (a Wait node, a form): the caller parks too and is resumed
   * with the child's outcome once the child ends (n8n's parentExecution.shouldResume).
   */
  waiting?: boolean;
}

/** How a sub-workflow a parked parent waited for ended: what resumes the parent. */
export interface SubWorkflowOutcome {
  executionId: string;
  status: 'success' | 'error' | 'crashed' | 'cancelled';
  /** Output 0 of the child's last node (success only). */
  items: Item[];
  /** The child's own error message, and where it happened (failures only). */
  errorMessage?: string;
  errorDescription?: string;
}

/** What a resumed node that asked to run again (`resumeByRerun`) is handed. */
export interface ResumePayload {
  subWorkflow?: SubWorkflowOutcome;
}

export interface SubWorkflowRunner {
  run(request: SubWorkflowRequest, signal: AbortSignal): Promise<SubWorkflowResult>;
}

export interface WebhookReply {
  statusCode: number;
  headers: Record<string, string>;
  /** A Readable streams a stored file. */
  body: JsonValue | string | Buffer | Readable | undefined;
}

export interface WebhookResponder {
  /** True once a reply was sent (a second Respond to Webhook is ignored, as in n8n). */
  readonly sent: boolean;
  send(reply: WebhookReply): void;
}

export interface OdooGateway {
  call(model: string, method: string, args: JsonValue[], kwargs?: JsonObject): Promise<JsonValue>;
}

/** Where and as whom to reach another Odoo (an `odooApi` credential, its db filled in). */
export interface OdooLogin {
  url: string;
  db: string;
  user: string;
  /** A password, or an API key in its place (Odoo's /jsonrpc takes either). */
  password: string;
}

/** A connection to another Odoo for one node run; closed by the node when done. */
export interface OdooConnection extends OdooGateway {
  close(): Promise<void>;
}

/** Opens connections to other Odoo databases (the Odoo node with `odooApi` credentials). */
export interface OdooConnector {
  open(login: OdooLogin): OdooConnection;
}

/** A node's reference to a credential, as n8n exports it: `{id, name}` (either may be missing). */
export interface CredentialReference {
  id?: string;
  name?: string;
}

/** A credential found and decrypted for one node run. */
export interface ResolvedCredential {
  id: string;
  name: string;
  type: string;
  data: JsonObject;
}

/**
 * The credential store as nodes see it (implemented by src/credentials). Errors are
 * CredentialErrors naming the credential, never holding a value.
 */
export interface CredentialProvider {
  /** The credential of `type` with the reference's id, else the one of that type with its name. */
  resolve(type: string, reference: CredentialReference): Promise<ResolvedCredential>;
  /** Merges `data` over the stored fields and saves them encrypted (refreshed OAuth2 tokens). */
  update(id: string, data: JsonObject): Promise<void>;
}
