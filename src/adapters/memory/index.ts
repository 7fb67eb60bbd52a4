export * from './inMemoryStorage.js';
export * from './inMemoryDirectory.js';
