import { riskRules } from '../risk/risk-flag';
import * as z from '../zod';

const ApprovalsSchema = z
  .int({ error: 'expected a whole number of approvals' })
  .check(z.gte(1, { error: 'expected at least 1 approval' }), z.lte(10, { error: 'expected at most 10 approvals' }));

/** The `risk` section: which risk rules flag a plan, and how many people must approve a flagged apply. */
export const RiskSchema = z.strictObject({
  disabled: z
    ._default(z.array(z.enum(riskRules, { error: `expected one of ${riskRules.join(', ')}` })), [])
    .check(z.describe('Risk rules turned off.')),
  statefulTypes: z
    ._default(
      z.array(
        z
          .string()
          .check(z.regex(/^[a-z0-9]+_[a-z0-9_]+$/, { error: 'expected a resource type such as aws_db_instance' })),
      ),
      [],
    )
    .check(
      z.describe('Resource types that hold data, besides the built-in ones: deleting or replacing one is flagged.'),
    ),
  massDestroy: z
    ._default(z.int().check(z.gte(0)), 20)
    .check(z.describe('A plan deleting or replacing more resources than this is flagged.')),
  approvals: z
    ._default(ApprovalsSchema, 2)
    .check(z.describe('How many appliers, other than whoever planned it, must approve the apply of a flagged plan.')),
});

/** A stack's own `risk` settings. */
export const StackRiskSchema = z.strictObject({
  approvals: ApprovalsSchema.check(z.describe('Overrides risk.approvals for this stack.')),
});

/** The `risk` defaults, when the section is absent. */
export const defaultRisk = { disabled: [], statefulTypes: [], massDestroy: 20, approvals: 2 };
