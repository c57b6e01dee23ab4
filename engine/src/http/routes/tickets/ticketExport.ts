/**
 * Streams the filtered tickets as CSV or XLSX, newest first, in keyset batches, so memory stays
 * flat whatever the size. At most TICKET_EXPORT_MAX_ROWS rows: the headers say how many rows
 * the file holds and whether the cap cut it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TICKET_EXPORT_MAX_ROWS, type TicketExportFormat, type TicketFilter } from '@cloud-seat/contracts';
import type { Response } from 'express';
import { BEIJING_OFFSET_MS } from '../../../domain/schedule/beijingTime.js';
import { countTickets, resolveCriteria, ticketRowBatches, type TicketRow } from '../../../models/ticketQueries.js';
import { csvStream, xlsxStream, type Cell } from '../../../presenters/spreadsheet.js';
import { TICKET_EXPORT_COLUMNS } from '../../../presenters/tickets.js';
import type { HttpDeps } from '../../deps.js';

const CONTENT_TYPES: Record<TicketExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function streamTicketExport(
  deps: HttpDeps,
  res: Response,
  filter: TicketFilter,
  format: TicketExportFormat,
  now: Date,
): Promise<void> {
  const db = deps.ctx.sequelize;
  const criteria = await resolveCriteria(db, filter);
  const { total, capped } = await countTickets(db, criteria, TICKET_EXPORT_MAX_ROWS);

  const stamp = new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace(/[-:]/g, '');
  const file = `tickets-${stamp.replace('T', '-')}.${format}`;
  res.setHeader('Content-Type', CONTENT_TYPES[format]);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(`工单导出-${stamp.replace('T', '-')}.${format}`)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Export-Rows', String(total));
  res.setHeader('X-Export-Row-Cap', String(TICKET_EXPORT_MAX_ROWS));
  res.setHeader('X-Export-Truncated', String(capped));

  const header = TICKET_EXPORT_COLUMNS.map((c) => c.header);
  const batches = cellBatches(ticketRowBatches(db, criteria, TICKET_EXPORT_MAX_ROWS));
  const body = format === 'csv' ? csvStream(header, batches) : xlsxStream('工单', header, batches);
  try {
    await pipeline(Readable.from(body), res);
  } catch (err) {
    // Headers are gone: the client sees a cut download; the log says why.
    const premature = (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
    deps.ctx.logger[premature ? 'info' : 'error']({ err, format }, 'ticket export stopped');
    res.destroy();
  }
}

async function* cellBatches(batches: AsyncIterable<TicketRow[]>) {
  for await (const rows of batches) {
    yield rows.map((row): Cell[] => TICKET_EXPORT_COLUMNS.map((c) => c.cell(row)));
  }
}
