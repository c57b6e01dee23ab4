export * from './assistant.js';
export * from './decide.js';
export * from './facets.js';
export * from './intentCorpus.js';
export * from './intents.js';
export * from './purpose.js';
export * from './retrieval.js';
