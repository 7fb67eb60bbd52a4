import { describe, it } from 'vitest';
import { createInMemoryStorage } from '../../src/adapters/memory/index.js';
import { permissionScopeStory } from './permissionScopeStory.js';
import { permissionStory } from './permissionStory.js';

describe('permissions through the service (issue 13), in-memory adapter', () => {
  it('P1–P7/P10/P11: templates created, edited, versioned and deleted by the company admin; assignments under P10 with chains refused; checks from stored templates; bad input writes nothing', async () => {
    await permissionStory(createInMemoryStorage());
  });

  it('P10/P1: a stored template stands in for the directory\'s on its own company\'s projects only, a deleted one hides it, and P10 follows chains of any length, stored or from the directory', async () => {
    await permissionScopeStory(createInMemoryStorage());
  });
});
