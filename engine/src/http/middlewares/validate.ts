import type { z } from 'zod';
import { errors } from '../../errors.js';

/** Parses outside input with its schema; a failure is a 400 with the issues as details. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw errors.validation(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}
