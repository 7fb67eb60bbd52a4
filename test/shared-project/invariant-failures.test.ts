import { describe, expect, it } from 'vitest';
import { executeSharedProjectCommand, emptySharedProjectView, type SharedProjectViewInput } from '../../src/index.js';
import { sharedProjectInvariantFailures } from '../../src/testing/index.js';
import { adminOf, invite, on, run, withTeams } from '../../src/shared-project/spec-helpers.js';

function oneInvitation() {
  let view = emptySharedProjectView();
  const system = { kind: 'system', cause: 'provisioning' } as const;
  const hana = { kind: 'user', userId: 'hana', teams: [{ teamId: 'studio', admin: true }] } as const;
  for (const [command, actor] of [
    [{ type: 'register_team', teamId: 'studio', domain: 'studio.example', plan: 'enterprise' }, system],
    [{ type: 'register_team', teamId: 'client', domain: 'client.example', plan: 'enterprise' }, system],
    [{ type: 'invite', shareId: 'sh-1', sharedProjectId: 'brand', hostTeamId: 'studio', externalTeamId: 'client', contactEmail: 'lea@client.example' }, hana],
  ] as const) {
    const r = executeSharedProjectCommand(view, command, { now: 1, actor });
    if (!r.ok) throw new Error(r.error.message);
    view = r.value.state;
  }
  return view;
}

describe('sharedProjectInvariantFailures reads plain data', () => {
  it('H4: a view read back from JSON (plain strings) is checked like the library\'s own', () => {
    const plain = JSON.parse(JSON.stringify(oneInvitation())) as SharedProjectViewInput;
    expect(sharedProjectInvariantFailures(plain)).toEqual([]);
    const studio = plain.usage['studio']!;
    const drifted = { ...plain, usage: { ...plain.usage, studio: { ...studio, count: studio.count + 1, shareIds: [...studio.shareIds, 'sh-gone'] } } };
    expect(sharedProjectInvariantFailures(drifted)).toEqual([expect.stringMatching(/^H4: team studio stores \d+, recomputed \d+$/)]);
  });

  it('H9: shares of one pair in one millisecond (invite, cancel, invite again, accept, disconnect) are not a reconnection; an invitation after the disconnect is', () => {
    const studio = adminOf('hana', 'studio');
    const client = adminOf('lea', 'client');
    let view = withTeams(['studio', 'studio.example', 'enterprise'], ['client', 'client.example', 'enterprise']);
    view = run(view, invite('sh-1', 'brand', 'studio', 'client'), studio, 5).view;
    view = run(view, on('cancel', 'sh-1'), studio, 5).view;
    view = run(view, invite('sh-2', 'brand', 'studio', 'client'), studio, 5).view;
    view = run(view, on('accept', 'sh-2'), client, 5).view;
    view = run(view, on('disconnect', 'sh-2'), client, 5).view;
    expect(sharedProjectInvariantFailures(view)).toEqual([]);
    // A share of the pair invited at the disconnect's instant, still open: that is a reconnection.
    const reinvited = { ...view.shares['sh-1']!, id: 'sh-3', state: 'pending', closedAt: null } as (typeof view.shares)[string];
    expect(sharedProjectInvariantFailures({ ...view, shares: { ...view.shares, 'sh-3': reinvited } } as SharedProjectViewInput)).toContainEqual(expect.stringMatching(/^H9: brand reconnected with client \(sh-3\)$/));
  });

  it('something that is not a view is one failure saying why, not a throw', () => {
    expect(sharedProjectInvariantFailures({ teams: 1 } as never)).toEqual([expect.stringMatching(/^the view does not read: /)]);
  });
});
