import type { Item } from '../../../contracts/run-data';
import type { NodeContext } from '../../../contracts/node-type';
import type { JsonValue } from '../../../workflow/json';

/** The HTML Template parameter's default, as the n8n editor fills it in. */
export const DEFAULT_TEMPLATE = `<!DOCTYPE html>

<html>
<head>
  <meta charset="UTF-8" />
  <title>My HTML document</title>
</head>
<body>
  <div class="container">
    <h1>This is an H1 heading</h1>
    <h2>This is an H2 heading</h2>
    <p>This is a paragraph</p>
  </div>
</body>
</html>

<style>
.container {
  background-color: #ffffff;
  text-align: center;
  padding: 16px;
  border-radius: 8px;
}

h1 {
  color: #ff6d5a;
  font-size: 24px;
  font-weight: bold;
  padding: 8px;
}

h2 {
  color: #909399;
  font-size: 18px;
  font-weight: bold;
  padding: 8px;
}
</style>

<script>
console.log("Hello World!");
</script>`;

/**
 * Generate HTML Template: every `{{ ... }}` in the template is evaluated on its own for the
 * item and put in place of its text. The value goes through String.prototype.replace as in
 * n8n, so objects read `[object Object]` and `$&`-style patterns in a value are honoured.
 */
export function renderTemplate(ctx: NodeContext, itemIndex: number): Item {
  const template = ctx.getParam<JsonValue | undefined>('html', itemIndex, DEFAULT_TEMPLATE);
  let html = template as string;
  if (html) {
    for (const [resolvable] of html.matchAll(/{{[\s\S]*?}}/g)) {
      const value = ctx.evaluate(`=${resolvable}`, itemIndex);
      html = html.replace(resolvable, String(value));
    }
  }
  return { json: { html }, pairedItem: { item: itemIndex } };
}
