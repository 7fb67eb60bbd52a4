export * from './inMemoryStorage.js';
