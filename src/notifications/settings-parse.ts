import type { DomainError } from '../core/errors.js';
import { ok, type Result } from '../core/result.js';
import { parseInput } from '../core/validation.js';
import { deepFreeze } from '../core/freeze.js';
import { ProjectNotificationSettingsSchema, type ProjectNotificationSettings } from './settings.js';

/**
 * Validates one project's notification settings (N2) and returns them frozen, or `INVALID_INPUT`.
 *
 * @remarks
 * `input` stays `unknown`: validating data of any shape (a form, a stored row) is the point.
 *
 * @example
 * ```ts
 * const r = parseNotificationSettings({ projectId: 'gc-tower', lists: { drawings: { selectedAdmins: ['dan'] } } });
 * r.ok; // true
 * ```
 * @since 0.1.0
 */
export function parseNotificationSettings(input: unknown): Result<ProjectNotificationSettings, DomainError> {
  const parsed = parseInput(ProjectNotificationSettingsSchema, input);
  if (!parsed.ok) return parsed;
  return ok(deepFreeze(parsed.value as ProjectNotificationSettings));
}
