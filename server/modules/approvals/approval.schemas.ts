import { z } from 'zod';

export const COMMENT_MAX = 2000;

/**
 * A featured enterprise's decision on the ad's current revision. Asking for changes needs a
 * comment (1–2000 characters); an approval may carry one. `revision`, when given, must be
 * the current one: a decision on content the member did not see is refused (409).
 */
export const decisionSchema = z
  .strictObject({
    decision: z.enum(['approved', 'changes_requested'], { message: 'must be approved or changes_requested' }),
    comment: z.string().trim().max(COMMENT_MAX, `must be ${COMMENT_MAX} characters or fewer`).optional(),
    revision: z.coerce.number().int().min(1).optional(),
  })
  .refine((d) => d.decision === 'approved' || (d.comment ?? '').length > 0, {
    path: ['comment'],
    message: 'is required when asking for changes',
  });
export type DecisionInput = z.input<typeof decisionSchema>;
