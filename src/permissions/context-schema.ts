import { z } from 'zod';
import { ToolIdSchema } from '../core/facts.js';
import { CompanyIdSchema } from '../core/ids.js';
import { ItemTypeIdSchema } from './template.js';

/**
 * Schema of an `EvaluationContext`. @example `EvaluationContextSchema.parse({ platform: 'mobile' })`
 * @since 0.1.0
 */
export const EvaluationContextSchema = z.strictObject({
  itemType: ItemTypeIdSchema.optional(),
  platform: z.enum(['web', 'mobile']).optional(),
  actorCompanyIds: z.array(CompanyIdSchema).max(1000).optional(),
  otherParty: z
    .strictObject({ companyId: CompanyIdSchema, role: z.string().min(1).max(100).optional() })
    .optional(),
  onDistributionList: z.boolean().optional(),
  activeTools: z.array(ToolIdSchema).max(1000).optional(),
});
