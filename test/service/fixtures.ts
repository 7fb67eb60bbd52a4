import fc from 'fast-check';
import {
  createInMemoryDirectory,
  createInMemoryStorage,
  type InMemoryDirectoryInput,
} from '../../src/adapters/memory/index.js';
import { manualClock, sequentialIds } from '../../src/ports/clock.js';
import type { InMemoryStorage } from '../../src/adapters/memory/index.js';
import type { Notification } from '../../src/notifications/notification-union.js';
import type { IdPort } from '../../src/ports/clock.js';
import type { CommitRequest, CommitResult } from '../../src/ports/storage.js';
import type { SyncJob } from '../../src/ports/transports.js';
import type { UpstreamItemsPort } from '../../src/ports/upstreamItems.js';
import type { SyncRegistry } from '../../src/sync/registry.js';
import { createConnectionService } from '../../src/service/index.js';
import type { ServicePolicyInput } from '../../src/service/index.js';
import { levelTemplate } from '../../src/testing/serviceWorld.js';

export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const MIN = 60_000;

/** GC "build-co" owns tower and school; three subcontractors own one project each. */
export function storyData(approval: 'automatic' | 'manual' = 'manual'): InMemoryDirectoryInput {
  return {
    companies: [
      { companyId: 'build-co', approval, admins: ['ceo'] },
      { companyId: 'electric-co' },
      { companyId: 'plumbing-co', approval: 'automatic' },
      { companyId: 'steel-co' },
    ],
    users: [
      { userId: 'gina', companyIds: ['build-co'] },
      { userId: 'ceo', companyIds: ['build-co'] },
      { userId: 'sam', companyIds: ['electric-co', 'build-co'] },
      { userId: 'pia', companyIds: ['plumbing-co', 'build-co'] },
      { userId: 'stu', companyIds: ['steel-co', 'build-co'] },
      { userId: 'vic', companyIds: ['electric-co'] },
      { userId: 'hana', companyIds: [], teams: [{ teamId: 'studio', admin: true }], email: 'hana@studio.example' },
      { userId: 'lea', companyIds: [], teams: [{ teamId: 'client', admin: true }], email: 'lea@client.example' },
      { userId: 'max', companyIds: [], teams: [{ teamId: 'agency', admin: true }], email: 'max@agency.example' },
    ],
    projects: [
      {
        projectId: 'tower',
        companyId: 'build-co',
        members: [
          { userId: 'gina', templateId: 'gc-admin' },
          { userId: 'sam', templateId: 'viewer' },
          { userId: 'pia', templateId: 'viewer' },
          { userId: 'stu', templateId: 'viewer' },
        ],
      },
      { projectId: 'school', companyId: 'build-co', members: [{ userId: 'gina', templateId: 'gc-admin' }, { userId: 'sam', templateId: 'viewer' }] },
      { projectId: 'tower-electric', companyId: 'electric-co', members: [{ userId: 'sam', templateId: 'sub-admin' }, { userId: 'vic', templateId: 'viewer' }] },
      { projectId: 'tower-plumbing', companyId: 'plumbing-co', members: [{ userId: 'pia', templateId: 'sub-admin' }] },
      { projectId: 'tower-steel', companyId: 'steel-co', members: [{ userId: 'stu', templateId: 'sub-admin' }] },
    ],
    templates: [
      levelTemplate('gc-admin', { connection_manager: 'admin', drawings: 'admin' }),
      levelTemplate('sub-admin', { connection_manager: 'admin', drawings: 'admin' }),
      levelTemplate('viewer', { drawings: 'read_only' }),
    ],
    teams: [
      { teamId: 'studio', admins: ['hana'], domain: 'studio.example', plan: 'professional', hosts: ['brand', 'brand-book', 'sp-1', 'sp-2', 'sp-3', 'sp-4'] },
      { teamId: 'client', admins: ['lea'], domain: 'client.example', plan: 'professional' },
      { teamId: 'agency', admins: ['max'], domain: 'agency.example', plan: 'professional', hosts: ['campaign'] },
    ],
  };
}

/** A recording transport pair; delivered ids are kept in order (duplicates included). */
export function recordingTransports() {
  const notifications: Notification[] = [];
  const jobs: SyncJob[] = [];
  return {
    notifications,
    jobs,
    notificationTransport: { deliver: async (n: Notification) => void notifications.push(n) },
    syncTransport: { perform: async (j: SyncJob) => void jobs.push(j) },
  };
}

/** A service on the in-memory adapter (or `storage`), with a manual clock and sequential ids. */
export function setup(options: { approval?: 'automatic' | 'manual'; storage?: InMemoryStorage; policy?: ServicePolicyInput; data?: InMemoryDirectoryInput; latency?: () => Promise<void>; upstreamItems?: UpstreamItemsPort; syncRegistry?: SyncRegistry; ids?: IdPort; sync?: (job: SyncJob) => Promise<void> } = {}) {
  const storage = options.storage ?? createInMemoryStorage(options.latency === undefined ? {} : { latency: options.latency });
  const directory = createInMemoryDirectory(options.data ?? storyData(options.approval), options.latency === undefined ? {} : { latency: options.latency });
  const clock = manualClock(T0);
  const transports = recordingTransports();
  const service = createConnectionService({
    storage,
    directory,
    notifications: transports.notificationTransport,
    // A test's own transport runs first and may throw (a failing delivery); the job is recorded once it succeeds.
    sync: options.sync === undefined ? transports.syncTransport : { perform: async (job: SyncJob) => { await options.sync!(job); await transports.syncTransport.perform(job); } },
    clock,
    ids: options.ids ?? sequentialIds(),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    sleep: () => new Promise<void>(() => undefined),
    ...(options.upstreamItems === undefined ? {} : { upstreamItems: options.upstreamItems }),
    ...(options.syncRegistry === undefined ? {} : { syncRegistry: options.syncRegistry }),
  });
  return { storage, directory, clock, service, ...transports };
}

/** An in-memory storage that records the keys of every load call, and every commit request with its answer. */
export function recordingStorage(): { storage: InMemoryStorage; loads: string[][]; commits: { request: CommitRequest; result: CommitResult }[] } {
  const base = createInMemoryStorage();
  const loads: string[][] = [];
  const commits: { request: CommitRequest; result: CommitResult }[] = [];
  const storage: InMemoryStorage = {
    ...base,
    snapshot: () => base.snapshot(),
    load: (keys) => {
      loads.push([...keys]);
      return base.load(keys);
    },
    commit: async (request) => {
      const result = await base.commit(request);
      commits.push({ request, result });
      return result;
    },
  };
  return { storage, loads, commits };
}

export { fc };
