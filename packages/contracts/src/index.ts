/**
 * @bwkit/contracts — zod/mini schemas and types of the BFF's public API, its enums and every documented
 * rule, shared by the BFF (server) and the widgets (browser). Browser-safe; tree-shakeable. The validators
 * and the English texts are zod-free (validators.ts, messages-en.ts), so a bundle that only validates and
 * shows English carries neither zod nor the other locales.
 */
export * from './enums.js';
export * from './rules.js';
export * from './limits.js';
export * from './issues.js';
export * from './messages.js';
export * from './operations.js';
export * from './problem.js';
export * from './theme.js';
export * from './config.js';
export * from './token.js';
export * from './audit.js';
