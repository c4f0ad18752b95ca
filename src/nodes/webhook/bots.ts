import type { RequestHeaders } from './auth';

/** A rough version of n8n's isbot check for the Ignore Bots option: link previewers and crawlers. */
export function looksLikeBot(headers: RequestHeaders): boolean {
  const raw = headers['user-agent'];
  const agent = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  return /bot|crawler|spider|crawling|preview|facebookexternalhit|slurp|curl-image/i.test(agent);
}
