import { z } from 'zod';

/**
 * The plans a team can be on, cheapest first.
 *
 * @example
 * ```ts
 * PLANS.includes('organization'); // true
 * ```
 * @since 0.1.0
 */
export const PLANS = Object.freeze(['starter', 'professional', 'organization', 'enterprise'] as const);

/**
 * A team's plan.
 *
 * @example
 * ```ts
 * const plan: Plan = 'professional';
 * ```
 * @since 0.1.0
 */
export type Plan = (typeof PLANS)[number];

/**
 * Schema of a {@link Plan}. @example `PlanSchema.parse('enterprise')`
 * @since 0.1.0
 */
export const PlanSchema = z.enum(PLANS);

/**
 * How many shared projects a team on each plan may have at once (H4). `0` means none.
 *
 * @example
 * ```ts
 * const limits: PlanLimits = { ...DEFAULT_PLAN_LIMITS, enterprise: 25 };
 * ```
 * @since 0.1.0
 */
export type PlanLimits = Readonly<Record<Plan, number>>;

/**
 * The limits of the product documents (H4): professional 3, organization 6, enterprise 15; starter 0
 * (a starter team cannot share at all, H2).
 *
 * @example
 * ```ts
 * DEFAULT_PLAN_LIMITS.professional; // 3
 * ```
 * @since 0.1.0
 */
export const DEFAULT_PLAN_LIMITS: PlanLimits = Object.freeze({ starter: 0, professional: 3, organization: 6, enterprise: 15 });

/**
 * The options of the host/external model.
 *
 * @example
 * ```ts
 * const policy: SharedProjectPolicy = { ...DEFAULT_SHARED_PROJECT_POLICY, limits: { ...DEFAULT_PLAN_LIMITS, enterprise: 25 } };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectPolicy {
  /** H4: simultaneous shared projects per plan. */
  readonly limits: PlanLimits;
  /** H2: the plans that may host or join a shared project (the paid ones by default). */
  readonly eligiblePlans: readonly Plan[];
  /**
   * H5: who sets a team's plan. `'billing'` (the default): only the billing system actor changes a plan,
   * and a team admin registering their own team gets the lowest plan, `starter` (provisioning sets any).
   * `'team_admins'`: team admins may also pick their team's plan, e.g. where billing is not integrated.
   * @since 0.2.0
   */
  readonly planChanges: 'billing' | 'team_admins';
}

/**
 * The defaults: {@link DEFAULT_PLAN_LIMITS}, and every paid plan eligible.
 *
 * @example
 * ```ts
 * DEFAULT_SHARED_PROJECT_POLICY.eligiblePlans; // ['professional', 'organization', 'enterprise']
 * ```
 * @since 0.1.0
 */
export const DEFAULT_SHARED_PROJECT_POLICY: SharedProjectPolicy = Object.freeze({
  limits: DEFAULT_PLAN_LIMITS,
  eligiblePlans: Object.freeze(['professional', 'organization', 'enterprise'] as const),
  planChanges: 'billing',
});

const limit = z.number().int().nonnegative().max(1_000_000);

/**
 * Schema of a partial {@link SharedProjectPolicy}. @example `SharedProjectPolicySchema.parse({ limits: { enterprise: 25 } })`
 * @since 0.1.0
 */
export const SharedProjectPolicySchema = z.strictObject({
  limits: z
    .strictObject({ starter: limit.optional(), professional: limit.optional(), organization: limit.optional(), enterprise: limit.optional() })
    .optional(),
  eligiblePlans: z.array(PlanSchema).max(PLANS.length).optional(),
  planChanges: z.enum(['billing', 'team_admins']).optional(),
});

/**
 * What a caller may pass as options: any subset, limits per plan included.
 *
 * @example
 * ```ts
 * const options: SharedProjectPolicyInput = { limits: { professional: 5 } };
 * ```
 * @since 0.1.0
 */
export interface SharedProjectPolicyInput {
  /** Limits per plan to override (H4); missing plans keep the default. */
  readonly limits?: { readonly [P in Plan]?: number | undefined } | undefined;
  /** The plans that may host or join a shared project (H2); default the paid ones. */
  readonly eligiblePlans?: readonly Plan[] | undefined;
  /** Who sets a team's plan (H5); default `billing`. */
  readonly planChanges?: 'billing' | 'team_admins' | undefined;
}

/**
 * Internal: fills the missing options with the defaults (input validated with {@link SharedProjectPolicySchema}).
 * @internal
 */
export function resolveSharedProjectPolicy(input: SharedProjectPolicyInput | undefined): SharedProjectPolicy {
  if (input === undefined) return DEFAULT_SHARED_PROJECT_POLICY;
  const limits = { ...DEFAULT_PLAN_LIMITS };
  for (const plan of PLANS) {
    const value = input.limits?.[plan];
    if (value !== undefined) limits[plan] = value;
  }
  return Object.freeze({
    limits: Object.freeze(limits),
    eligiblePlans: Object.freeze([...(input.eligiblePlans ?? DEFAULT_SHARED_PROJECT_POLICY.eligiblePlans)]),
    planChanges: input.planChanges ?? DEFAULT_SHARED_PROJECT_POLICY.planChanges,
  });
}
