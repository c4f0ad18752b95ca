import type { WebhookReply } from '../../contracts/node-services';
import { renderCompletion, renderFormProblem } from '../../nodes/form';

const HTML = 'text/html; charset=utf-8';

export function htmlReply(statusCode: number, html: string, headers: Record<string, string> = {}): WebhookReply {
  // Pages are built here with no script; only media an HTML field or description links to
  // (http(s), what n8n's sanitiser keeps) may come from elsewhere.
  return {
    statusCode,
    headers: { 'content-type': HTML, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src http: https:; media-src http: https:; frame-src http: https:; form-action 'self'; frame-ancestors 'self'", 'cache-control': 'no-store', ...headers },
    body: html,
  };
}

export function problemReply(statusCode: number, title: string, message: string): WebhookReply {
  return htmlReply(statusCode, renderFormProblem(title, message));
}

export function completionReply(title: string, message: string, customCss?: string): WebhookReply {
  return htmlReply(200, renderCompletion(title, message, customCss));
}

/** 303: the browser follows with a GET (to the next page, or the redirect URL). */
export function seeOther(location: string): WebhookReply {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: undefined };
}
