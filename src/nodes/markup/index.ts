import type { NodeTypeDefinition } from '../../contracts/node-type';
import { htmlExtractNode } from './html/html-extract-legacy';
import { htmlNode } from './html/html.node';
import { markdownNode } from './markdown';
import { xmlNode } from './xml';

/** Markup conversion nodes: Markdown, XML, HTML and the legacy HTML Extract. */
export const markupNodes: NodeTypeDefinition[] = [markdownNode, xmlNode, htmlNode, htmlExtractNode];
