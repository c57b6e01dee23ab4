export * from './flow.js';
export * from './numbers.js';
export * from './prompts.js';
export * from './hotline.js';
export * from './interpreter.js';
