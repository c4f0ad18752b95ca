import type { APIError } from 'openai';
import { SubNodeError } from '../../../errors';
import type { WorkflowNode } from '../../../workflow/types';
import { openAiSdk } from './sdk';

/**
 * A model call failed. Names the model node (as n8n does: the error belongs to the sub-node,
 * the root's run carries it) and says what to do: auth, quota, rate limit, context length,
 * unreachable endpoint, timeout, or a reply that is not what the API promised.
 */
export class AiModelError extends SubNodeError {
  readonly httpCode: string | null;
  constructor(node: WorkflowNode, message: string, options: { description?: string; httpCode?: string | null; cause?: unknown } = {}) {
    super(node, message, options);
    this.httpCode = options.httpCode ?? null;
  }
}

/** n8n's messages for OpenAI's error codes (rate limits and quota), kept word for word. */
const CODE_MESSAGES: Record<string, string> = {
  insufficient_quota:
    'Insufficient quota detected. <a href="https://docs.n8n.io/integrations/builtin/app-nodes/n8n-nodes-langchain.openai/common-issues/#insufficient-quota" target="_blank">Learn more</a> about resolving this issue',
  rate_limit_exceeded: 'OpenAI: Rate limit reached',
};

function apiErrorDetail(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

/** Turns what the OpenAI client threw into an AiModelError naming the node and the endpoint. */
export function toAiModelError(node: WorkflowNode, error: unknown, endpoint: string): AiModelError {
  if (error instanceof AiModelError) return error;
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } = openAiSdk();
  if (error instanceof APIConnectionTimeoutError || (error instanceof Error && error.name === 'ModelTimeoutError')) {
    return new AiModelError(node, `The model endpoint ${endpoint} did not answer in time`, {
      description: 'Raise the Timeout option of the model node, or check the endpoint.',
      cause: error,
    });
  }
  if (error instanceof APIUserAbortError) return new AiModelError(node, 'The model call was cancelled', { cause: error });
  if (error instanceof APIConnectionError) {
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    return new AiModelError(node, `Cannot reach the model endpoint ${endpoint}`, {
      description: `${reason}. Check the base URL of the OpenAI credential (or the Base URL option) and that the server is running.`,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    const status = error.status;
    const code = typeof error.code === 'string' ? error.code : undefined;
    const detail = apiErrorDetail(error);
    const httpCode = status === undefined ? null : String(status);
    if (status === 401) {
      return new AiModelError(node, 'Authorization failed - please check your credentials', {
        description: `${detail} (401 from ${endpoint}): check the API key of the OpenAI credential.`,
        httpCode,
        cause: error,
      });
    }
    if (status === 429) {
      const message = CODE_MESSAGES[code ?? ''] ?? CODE_MESSAGES.rate_limit_exceeded;
      return new AiModelError(node, message, { description: detail, httpCode, cause: error });
    }
    if (code === 'context_length_exceeded' || /maximum context length|context length/i.test(detail)) {
      return new AiModelError(node, 'The prompt is longer than the model accepts (context length exceeded)', {
        description: `${detail}. Shorten the prompt or the memory window, or pick a model with a larger context.`,
        httpCode,
        cause: error,
      });
    }
    if (status !== undefined && status >= 500) {
      return new AiModelError(node, `The model endpoint failed (${status})`, { description: detail, httpCode, cause: error });
    }
    return new AiModelError(node, detail, { description: `${status ?? ''} from ${endpoint}`.trim(), httpCode, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  // The client throws a SyntaxError when a 200 reply is not JSON (a proxy's HTML page...).
  if (error instanceof SyntaxError) {
    return new AiModelError(node, `The model endpoint ${endpoint} did not answer with JSON`, { description: message, cause: error });
  }
  return new AiModelError(node, message, { cause: error });
}

/** 429 (except an exhausted quota), 408/409, 5xx and connection failures are worth another try. */
export function isRetryable(error: unknown): boolean {
  const { APIConnectionError, APIError, APIUserAbortError } = openAiSdk();
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof Error && error.name === 'ModelTimeoutError') return true;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || error.status === undefined) return false;
  if (error.status === 429) return error.code !== 'insufficient_quota';
  return error.status === 408 || error.status === 409 || error.status >= 500;
}
