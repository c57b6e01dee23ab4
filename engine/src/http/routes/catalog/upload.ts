/**
 * Receives one uploaded file (multipart/form-data, field `file`) into memory, capped while it
 * streams: catalog files are read whole (JSON, the XLSX central directory), never stored.
 */
import type busboy from 'busboy';
import type { Request } from 'express';
import { AppError, errors } from '../../../errors.js';
import { drainRequest, multipartParser } from '../../uploads.js';

export interface FileInMemory {
  name: string;
  data: Buffer;
}

export function receiveFileInMemory(req: Request, maxBytes: number): Promise<FileInMemory> {
  return new Promise<FileInMemory>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = multipartParser(req, maxBytes);
    } catch (err) {
      reject(err);
      return;
    }
    let file: FileInMemory | null = null;
    let tooLarge = false;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      drainRequest(req, parser);
      reject(err);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const received: FileInMemory = { name: (info.filename ?? '').slice(0, 200) || '上传文件', data: Buffer.alloc(0) };
      file = received;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        received.data = Buffer.concat(chunks);
      });
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (settled) return;
      if (tooLarge) {
        return fail(
          new AppError(413, 'PAYLOAD_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后分批导入`),
        );
      }
      if (!file)
        return fail(
          errors.validation({ file: 'missing' }, '没有收到文件，请在表单的 file 字段上传 .xlsx 或 .json 文件'),
        );
      settled = true;
      resolve(file);
    });
    req.pipe(parser);
  });
}
