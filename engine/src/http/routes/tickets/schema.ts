/** Path parameters of the ticket routes. */
import { uuidSchema } from '@cloud-seat/contracts';
import { z } from 'zod';

export const citizenParamSchema = z.object({ citizenId: uuidSchema });
