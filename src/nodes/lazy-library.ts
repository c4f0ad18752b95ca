/**
 * A library loaded on its first use instead of at start-up. Node libraries a workflow may
 * never use (spreadsheets, HTML parsing, SMTP, fake data, JWT, XML...) cost tens of MiB of
 * resident memory and most of the service's start-up time when `require`d eagerly; loaded
 * here they cost nothing until a node needs them, and once after that.
 */
export function lazyLibrary<T>(load: () => T): () => T {
  let loaded: { library: T } | undefined;
  return () => (loaded ??= { library: load() }).library;
}
