export * from './machine.js';
export * from './events.js';
export * from './state.js';
export * from './commands.js';
export * from './policy.js';
