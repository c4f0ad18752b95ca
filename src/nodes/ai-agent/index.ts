import type { NodeTypeDefinition } from '../../contracts/node-type';
import { agentNode } from './agent-node';
import { memoryBufferWindowNode } from '../ai-memory/memory-buffer-window';
import { toolCodeNode } from '../ai-tools/tool-code';
import { toolWorkflowNode } from '../ai-tools/tool-workflow';
import { odooToolNode } from '../ai-tools/odoo-tool';
import { nodeAsTool } from '../ai-tools/node-as-tool';
import { httpRequestNode } from '../http/http-request';

/** n8n's HTTP Request node as a tool (the 2.x editor's "HTTP Request Tool"). */
const httpRequestToolNode = nodeAsTool(httpRequestNode, 'n8n-nodes-base.httpRequestTool', 'HTTP Request Tool', 'Makes an HTTP request and returns the response data');

/** The AI Agent with the sub-nodes it owns here: Simple Memory and the tools. */
export const aiAgentNodes: NodeTypeDefinition[] = [agentNode, memoryBufferWindowNode, toolCodeNode, toolWorkflowNode, odooToolNode, httpRequestToolNode];
export { agentNode };
