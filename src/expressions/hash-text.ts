import { createHash } from 'node:crypto';

/** n8n's names for the `hash()` extension's digests, as node:crypto spells them. */
const DIGESTS: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  // n8n's jssha 'SHA3-512' is the NIST SHA3, as node:crypto's.
  sha3: 'sha3-512',
};

/** Hex digest of UTF-8 text; called from the sandbox, which has no crypto of its own. */
export function hashText(algorithm: string, text: string): string {
  const digest = DIGESTS[algorithm];
  if (digest === undefined) throw new Error(`Unknown algorithm ${algorithm}`);
  return createHash(digest).update(text, 'utf8').digest('hex');
}
