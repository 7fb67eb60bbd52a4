export * from './inMemoryStorage.js';
export * from './inMemoryDirectory.js';
export * from './inMemoryUpstreamItems.js';
