import type { NodeTypeDefinition } from '../../contracts/node-type';
import { chainLlmNode } from './chain-llm';
import { lmChatOpenAiNode } from './lm-chat-openai';
import { outputParserStructuredNode } from './output-parser/structured-output-parser';
import { openAiNode } from './openai-node';

/** n8n's AI nodes (`@n8n/n8n-nodes-langchain.*`): root nodes and the sub-nodes that supply them. */
export const aiNodes: NodeTypeDefinition[] = [chainLlmNode, lmChatOpenAiNode, outputParserStructuredNode, openAiNode];
