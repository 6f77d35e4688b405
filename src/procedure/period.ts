import { z } from 'zod';

/**
 * A period of the procedure: `{ workingDays: N }` ("by the end of the Nth working day after the
 * day the clock starts") or `{ calendarDays: N }` ("by the end of the local day N days later").
 * Its own module so the config schema and the procedure schema can both use it without a cycle.
 */
export const periodSchema = z.union(
  [z.object({ workingDays: z.number().int().min(0) }).strict(), z.object({ calendarDays: z.number().int().min(0) }).strict()],
  {
    error: 'needs exactly one of: workingDays, calendarDays',
  },
);

export type Period = z.infer<typeof periodSchema>;
