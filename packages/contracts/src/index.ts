/**
 * @bwkit/contracts — zod/mini schemas and types of the BFF's public API, its enums and every documented
 * rule, shared by the BFF (server) and the widgets (browser). Browser-safe; tree-shakeable.
 */
export * from './enums.js';
export * from './rules.js';
export * from './issues.js';
export * from './messages.js';
export * from './operations.js';
export * from './problem.js';
export * from './config.js';
export * from './token.js';
export * from './audit.js';
