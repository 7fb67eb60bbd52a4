/**
 * `npm run demo`: the end-to-end story on the embedded in-memory default.
 */
import { runConnectionDemo } from './connection-demo.js';
import { runPermissionsDemo } from './permissions-demo.js';
import { runSharedProjectsDemo } from './shared-projects-demo.js';
import { runSyncDemo } from './sync-demo.js';

const log = (line: string) => console.log(line);

log('━━ project-connections demo ━━');
log('');
log('■ Connection lifecycle (upstream/downstream)');
runConnectionDemo(log);
log('');
log('■ Shared projects (host/external) with plan limits');
runSharedProjectsDemo(log);
log('');
log('■ Notifications and data sync');
runSyncDemo(log);
log('');
log('■ Permission matrix');
runPermissionsDemo(log);
