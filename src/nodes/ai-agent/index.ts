import type { NodeTypeDefinition } from '../../contracts/node-type';
import { agentNode } from './agent-node';
import { memoryBufferWindowNode } from '../ai-memory/memory-buffer-window';
import { toolCodeNode } from '../ai-tools/tool-code';
import { toolWorkflowNode } from '../ai-tools/tool-workflow';
import { odooToolNode } from '../ai-tools/odoo-tool';

/** The AI Agent with the sub-nodes it owns here: Simple Memory and the tools. */
export const aiAgentNodes: NodeTypeDefinition[] = [agentNode, memoryBufferWindowNode, toolCodeNode, toolWorkflowNode, odooToolNode];
export { agentNode };
