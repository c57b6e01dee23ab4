/**
 * The JSON of `show channels as json` and `show registrations as json`, validated where it
 * enters (FreeSWITCH answers `{"row_count":0}` without `rows` when there are none).
 */
import { z } from 'zod';

const channelRow = z
  .object({
    uuid: z.string(),
    callstate: z.string().optional(),
    direction: z.string().optional(),
    application: z.string().optional(),
  })
  .loose();
const registrationRow = z.object({ reg_user: z.string(), realm: z.string().optional() }).loose();
const showSchema = <T extends z.ZodType>(row: T) =>
  z.object({ row_count: z.number().int().min(0), rows: z.array(row).optional() });

function parse<T extends z.ZodType>(row: T, body: string): z.infer<T>[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`FreeSWITCH answered show with something else than JSON: ${body.slice(0, 80)}`);
  }
  return (showSchema(row).parse(json).rows ?? []) as z.infer<T>[];
}

export interface LiveChannel {
  /** `callstate` ACTIVE or HELD. */
  answered: boolean;
  /** An inbound channel sitting in the `park` application: a call waiting for an engine. */
  parkedInbound: boolean;
}

/** Live channels by uuid. */
export function parseChannels(body: string): Map<string, LiveChannel> {
  return new Map(
    parse(channelRow, body).map((r) => [
      r.uuid,
      {
        answered: r.callstate === 'ACTIVE' || r.callstate === 'HELD',
        parkedInbound: r.direction === 'inbound' && r.application === 'park',
      },
    ]),
  );
}

/** Registered SIP users. */
export function parseRegistrations(body: string): string[] {
  return parse(registrationRow, body).map((r) => r.reg_user);
}
