/**
 * A PEM key pasted on one line (a form field, an environment variable with `\n` written out)
 * turned back into the line layout crypto accepts: header, body in lines, footer. Anything
 * else (a multi-line PEM, a passphrase, several blocks) is returned as it is.
 */
const BODY_LINE_LENGTH = 64;

export function formatPemBlock(pem: string, isPublic = false): string {
  if (!pem || pem.includes('\n') || !pem.includes('-----BEGIN ')) return pem;
  const trimmed = pem.trim();
  if ((trimmed.match(/-----BEGIN /g) ?? []).length !== 1) return pem;
  const labels = isPublic ? '[A-Z0-9 ]*PUBLIC KEY' : '[A-Z0-9 ]*PRIVATE KEY|CERTIFICATE';
  const match = new RegExp(`^-----BEGIN (${labels})-----([\\s\\S]*?)-----END \\1-----$`).exec(trimmed);
  if (!match) return pem;
  const [, label, rawBody] = match;
  const body = rawBody.replace(/\\n/g, '\n').trim();
  // Whitespace in the body marks the original line breaks; without any, cut it into lines.
  const lines = /\s/.test(body) ? body.split(/\s+/) : (body.match(new RegExp(`.{1,${BODY_LINE_LENGTH}}`, 'g')) ?? []);
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join('\n');
}
