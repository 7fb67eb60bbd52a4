/**
 * Preloaded (`node --import tsx --import ./test/docs/no-network.ts`) by the README snippet test: any TCP
 * connection, DNS lookup or `fetch` fails loudly, so a snippet that reaches for the network fails its test.
 */
import dns from 'node:dns';
import net from 'node:net';

const refuse = (what: string) => {
  throw new Error(`network access is not allowed here (${what})`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const ipc = typeof first === 'string' || (typeof first === 'object' && first !== null && 'path' in first);
  if (!ipc) refuse('net.Socket.connect');
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
dns.lookup = (() => refuse('dns.lookup')) as unknown as typeof dns.lookup;
globalThis.fetch = (() => Promise.reject(new Error('network access is not allowed here (fetch)'))) as typeof fetch;
