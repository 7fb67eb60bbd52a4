/**
 * `npm run demo`: the end-to-end story on the embedded in-memory default.
 *
 * 1. The connection lifecycle and a shared project, through the application service on the in-memory
 *    adapters, with the notifications the dispatcher delivers.
 * 2. Data sync through the service (S2–S6).
 * 3. Permission templates and assignments through the service (P1–P11).
 * 4. Shared projects with plan limits, data sync and the permission matrix, on the pure core.
 */
import { runPermissionsDemo } from './permissions-demo.js';
import { runServiceDemo } from './service-demo.js';
import { runServicePermissionsDemo } from './service-permissions-demo.js';
import { runServiceSyncDemo } from './service-sync-demo.js';
import { runSharedProjectsDemo } from './shared-projects-demo.js';
import { runSyncDemo } from './sync-demo.js';

const log = (line: string) => console.log(line);

log('━━ project-connections demo ━━');
log('');
log('■ A general contractor and three subcontractors, through the service (in-memory adapters)');
await runServiceDemo(log);
log('');
log('■ Data sync through the service: initial sync, a revision, a delete, a disconnect (npm run demo:sync)');
await runServiceSyncDemo(log);
log('');
log('■ Shared projects (host/external) with plan limits');
runSharedProjectsDemo(log);
log('');
log('■ Notifications and data sync');
runSyncDemo(log);
log('');
log('■ Permission matrix');
runPermissionsDemo(log);
log('');
log('■ Permission templates and assignments through the service (npm run demo:permissions)');
await runServicePermissionsDemo(log);
