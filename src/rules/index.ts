import type { ParamSchema } from '../params.js';
import type { Rule } from '../rule.js';
import type { CoprodModel } from '../model/state.js';
import { checksAndBalances } from './checks.js';
import { empowerment } from './empowerment.js';
import { partyCoordination } from './party.js';

export { checksAndBalances, empowerment, partyCoordination };

/** The built-in rules, in the order they act within a phase when several are in force. */
export const BUILTIN_RULES: readonly Rule<CoprodModel, ParamSchema>[] = [empowerment, checksAndBalances, partyCoordination];
