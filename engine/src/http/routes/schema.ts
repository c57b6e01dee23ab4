/** Path parameter schemas shared by routes. */
import { regionCodeSchema, uuidSchema } from '@cloud-seat/contracts';
import { z } from 'zod';

export const idParamSchema = z.object({ id: uuidSchema });
export const regionParamSchema = z.object({ code: regionCodeSchema });
