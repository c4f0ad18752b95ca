import { createExpressionEngine } from '../../../src/expressions';
import { addRun, emptyRunData, executionScope, items, makeWorkflow, nodeScope } from './helpers';

test('smoke', async () => {
  const engine = createExpressionEngine({ timeoutMs: 1000, memoryMb: 64 });
  const wf = makeWorkflow([{ name: 'Seed' }, { name: 'Set', parameters: { a: '={{ $json.name.toUpperCase() }}', b: '=Hi {{ $json.name.toTitleCase() }} {{ $json.nums }}', c: '={{ $("Seed").item.json.name }}', d: '={{ $now.toISO().length > 0 }}' } }], [['Seed', 'Set']]);
  const data = emptyRunData();
  const seedItems = items({ name: 'ada lovelace', nums: [1, 2] });
  addRun(data, 'Seed', [seedItems]);
  const session = engine.openSession(executionScope(wf, data));
  const t = Date.now();
  const r = session.resolveParameters(nodeScope(wf, 'Set', seedItems, { main: [{ previousNode: 'Seed' }] }), 1);
  console.log(Date.now() - t, JSON.stringify(r.forItem(0)));
  const code = await session.runCode(nodeScope(wf, 'Set', seedItems, { main: [{ previousNode: 'Seed' }] }), { code: 'return $input.all().map(i => ({ json: { n: i.json.name } }))', mode: 'runOnceForAllItems' });
  console.log(JSON.stringify(code));
  session.close();
  engine.dispose();
});
