export * from './enums.js';
export * from './errors.js';
export * from './events.js';
export * from './http.js';
export * from './messageMerge.js';
export * from './quickReplies.js';
export * from './regionLocator.js';
export * from './seatFilter.js';
