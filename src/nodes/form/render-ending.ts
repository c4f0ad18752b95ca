import { page, escapeHtml } from './render';
import { sanitizeFormHtml } from './sanitize';
import type { FormPageConfig } from './page-config';

/** A file the "Return Binary File" ending hands to the person. */
export interface EndingFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * n8n's completion message: its HTML sanitiser's output, with a written `\n` turned into a
 * line break (n8n's handleNewlines) shown as such.
 */
function completionCard(title: string, message: string): string {
  const html = sanitizeFormHtml(message).replace(/\\\\n|\\n/g, (match) => (match === '\\\\n' ? '\\n' : '\n'));
  return `<h1>${escapeHtml(title)}</h1><p class="description" style="white-space: pre-line">${html}</p>`;
}

/**
 * The page a Form Ending shows (n8n's form-trigger-completion): its own HTML ("Show Text"),
 * a redirect ("Redirect to URL": n8n's "Redirecting to" line, followed here by the browser
 * without script through a refresh), or the completion screen, with links that download the
 * returned files ("Return Binary File").
 */
export function renderFormEnding(ending: FormPageConfig, files: readonly EndingFile[] = []): string {
  if (ending.respondWith === 'showText' && ending.responseText) {
    return page(ending.title, ending.responseText, ending.customCss);
  }
  if (ending.respondWith === 'redirect' && ending.redirectUrl !== undefined) {
    const url = escapeHtml(ending.redirectUrl);
    return page(ending.title, `<div>Redirecting to <a href="${url}">${url}</a></div>`, ending.customCss, `<meta http-equiv="refresh" content="0; url=${url}">`);
  }
  const links = files
    .map((file) => `<li><a href="data:${escapeHtml(file.mimeType)};base64,${file.bytes.toString('base64')}" download="${escapeHtml(file.fileName)}">${escapeHtml(file.fileName)}</a></li>`)
    .join('');
  const downloads = links === '' ? '' : `<ul class="downloads">${links}</ul>`;
  return page(ending.title, `${completionCard(ending.completionTitle ?? '', ending.completionMessage ?? '')}${downloads}`, ending.customCss);
}
