export * from './storage.js';
export * from './clock.js';
