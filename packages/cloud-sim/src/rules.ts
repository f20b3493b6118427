/**
 * The simulator's own implementation of the upstream services' documented request rules, one module per service
 * (services/<service>/rules.ts), gathered here as the package's `rules` export. It deliberately does NOT import
 * @bwkit/contracts: the BFF's rules are tested against this independent implementation.
 */
export { INT32_MAX, isObject } from './check.js';
export type { Check, Site } from './check.js';
export * from './services/workspace/rules.js';
export * from './services/vpc/rules.js';
export * from './services/cc/rules.js';
export * from './services/bss/rules.js';
