/**
 * A PEM key pasted on one line (line breaks lost, or written as `\n`) is rebuilt with its body
 * wrapped at 64 characters, as n8n normalises the keys of its Crypto credentials; anything
 * else (already multi-line, not PEM) is used as given.
 */
export function normalizePem(pem: string, isPublic = false): string {
  if (!pem || pem.includes('\n') || !pem.includes('-----BEGIN ')) return pem;
  const labels = isPublic ? '[A-Z0-9 ]*PUBLIC KEY' : '[A-Z0-9 ]*PRIVATE KEY|CERTIFICATE';
  const match = new RegExp(`^-----BEGIN (${labels})-----([\\s\\S]*?)-----END \\1-----$`).exec(pem.trim());
  if (!match) return pem;
  const [, label, rawBody] = match;
  const body = (rawBody ?? '').replace(/\\n/g, '\n').trim();
  const lines = /\s/.test(body) ? body.replace(/:\s+/g, ':').split(/\s+/) : (body.match(/.{1,64}/g) ?? []);
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}
