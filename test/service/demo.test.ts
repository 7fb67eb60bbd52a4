import { describe, expect, it } from 'vitest';
import { runServiceDemo } from '../../examples/service-demo.js';

describe('service demo', () => {
  it('C5/C7/C10/C16/N5: the story runs through the service and the dispatcher delivers its notifications', async () => {
    const lines: string[] = [];
    await runServiceDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).not.toMatch(/✗ (Electric requests|Gina approves|Gina declines|Steel requests again|Plumbing)/);
    expect(text).toMatch(/Electric tries to reconnect \(C10\): RECONNECT_FORBIDDEN/);
    expect(text).toMatch(/Plumbing requests Tower: cn-\d+ is connected/);
    expect(text).toMatch(/undoes it within 5 minutes \(C16\): cn-\d+ is cancelled/);
    expect(text).toMatch(/stu ← ConnectionRequestRejected/);
    expect(text).toMatch(/Studio plan usage: 1 of 3/);
    expect(lines.filter((l) => l.includes('✉')).length).toBeGreaterThan(10);
  });
});
