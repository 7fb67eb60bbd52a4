import { emptyConnectionView, executeConnectionCommand, type AuthorizationFactsInput } from 'project-connections';

const actor: AuthorizationFactsInput = {
  userId: 'elena', companyIds: ['electric-co', 'build-co'],
  projects: [
    { projectId: 'tower-electric', companyId: 'electric-co', onDirectory: true, tools: { connection_manager: 'admin', drawings: 'admin' } },
    { projectId: 'tower', companyId: 'build-co', onDirectory: true, tools: { drawings: 'read_only' } },
  ],
};
const result = executeConnectionCommand(
  emptyConnectionView(),
  { type: 'request', connectionId: 'cn-1', upstreamProjectId: 'tower', downstreamProjectId: 'tower-electric', dataTypes: ['drawings'] },
  { now: Date.now(), actor, approval: 'automatic' },
);
if (result.ok) console.log(result.value.state.connections['cn-1']?.state); // 'connected'
else console.log(result.error.code, result.error.message);
