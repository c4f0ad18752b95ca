import type { NodeTypeDefinition } from '../../contracts/node-type';
import { jwtNode } from './jwt';
import { totpNode } from './totp';

/** Token nodes keyed by credentials: JWT (sign, decode, verify) and TOTP. */
export const authTokenNodes: NodeTypeDefinition[] = [jwtNode, totpNode];
