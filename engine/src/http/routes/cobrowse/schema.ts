import { uuidSchema } from '@cloud-seat/contracts';
import { z } from 'zod';

export const sessionParamSchema = z.object({ id: uuidSchema, sessionId: uuidSchema });
