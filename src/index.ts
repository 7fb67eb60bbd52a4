/**
 * project-connections: immutable state machines and pure policy functions for cross-company project
 * connections.
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './connection/index.js';
export * from './ports/index.js';
export * from './adapters/memory/index.js';
export * from './shared-project/index.js';
export * from './sync/index.js';
export * from './notifications/index.js';
export * from './permissions/index.js';
export * from './service/index.js';
