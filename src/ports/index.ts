export * from './storage.js';
export * from './clock.js';
export * from './directory.js';
export * from './transports.js';
export * from './upstreamItems.js';
