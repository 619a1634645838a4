// Shapes of the query API's answers, shared by the server, the dashboard and the extension.
import { z } from 'zod';
import { VitalNameSchema } from './protocol';

export const VitalSummarySchema = z.object({
  count: z.number().int(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** Shares of samples per web-vitals rating, each in [0, 1]; 0 when there are none. */
  good: z.number(),
  needsImprovement: z.number(),
  poor: z.number(),
});
export type VitalSummary = z.infer<typeof VitalSummarySchema>;

export const VitalsResponseSchema = z.object({
  site: z.string(),
  route: z.string().nullable(),
  platform: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  metrics: z.partialRecord(VitalNameSchema, VitalSummarySchema),
});
export type VitalsResponse = z.infer<typeof VitalsResponseSchema>;
