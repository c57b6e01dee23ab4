export * from './types.js';
export * from './buildKnowledge.js';
export * from './answers.js';
