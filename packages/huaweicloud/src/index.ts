export * from './signer/index.js';
export * from './wire/index.js';
export * from './endpoints/index.js';
export * from './errors/index.js';
export * from './client/index.js';
