export * from './knowledge/index.js';
export * from './nlu/index.js';
export * from './dialogue/index.js';
export * from './voice/index.js';
