import { NodeRegistry } from './registry';
import { coreNodes } from './core';
import { transformNodes } from './transform';
import { httpNodes } from './http';
import { odooNodes } from './odoo';
import { flowNodes } from './flow';
import { dataNodes } from './data';
import { formNodes } from './form';
import { markupNodes } from './markup';
import { devToolsNodes } from './dev-tools';
import { authTokenNodes } from './auth-tokens';
import { filesNodes } from './files';
import { aiNodes } from './ai';
import { aiAgentNodes } from './ai-agent';

/** Every node type the service runs. */
export function createDefaultRegistry(): NodeRegistry {
  return new NodeRegistry([
    ...coreNodes,
    ...transformNodes,
    ...httpNodes,
    ...odooNodes,
    ...flowNodes,
    ...dataNodes,
    ...formNodes,
    ...markupNodes,
    ...devToolsNodes,
    ...authTokenNodes,
    ...filesNodes,
    ...aiNodes,
    ...aiAgentNodes,
  ]);
}
