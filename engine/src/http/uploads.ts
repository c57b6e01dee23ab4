/**
 * Receives one uploaded file from a multipart/form-data request (what uni.uploadFile and a
 * browser FormData send) and streams it to the blob store: the first bytes decide the type
 * (allowlist, see domain/conversations/attachmentType.ts) before anything is kept, the size is
 * capped while streaming, and a refused or failed upload leaves nothing stored.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import type { BlobStore } from '../adapters/storage/blobStore.js';
import {
  cleanFileName,
  detectAttachmentType,
  SNIFF_BYTES,
  type DetectedType,
} from '../domain/conversations/attachmentType.js';
import { AppError, errors } from '../errors.js';

export interface StoredUpload extends DetectedType {
  id: string;
  name: string;
  size: number;
  sha256: string;
  storageKey: string;
  accessKey: string;
}

const unsupported = () =>
  new AppError(
    415,
    'UNSUPPORTED_FILE_TYPE',
    '不支持该文件类型，请发送图片（JPG、PNG、GIF、WebP）或 PDF、Word、Excel、PPT 文件',
  );

/** A parser for one uploaded file of at most `maxBytes`; a request that is not multipart: 400. */
export function multipartParser(req: Request, maxBytes: number): busboy.Busboy {
  try {
    return busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 },
    });
  } catch {
    throw errors.validation(
      { contentType: req.headers['content-type'] ?? null },
      '请以表单方式（multipart/form-data）上传文件',
    );
  }
}

/** After a refusal: read and drop the rest of the body so the client gets the answer, not a reset connection. */
export function drainRequest(req: Request, parser: busboy.Busboy): void {
  req.unpipe(parser);
  req.resume();
}

export function receiveUpload(req: Request, store: BlobStore, maxBytes: number, now: Date): Promise<StoredUpload> {
  return new Promise<StoredUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = multipartParser(req, maxBytes);
    } catch (err) {
      reject(err);
      return;
    }
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      drainRequest(req, parser);
      reject(err);
    };
    let stored: Promise<StoredUpload> | null = null;

    parser.on('file', (_field, file, info) => {
      if (stored) {
        file.resume();
        return;
      }
      const id = randomUUID();
      const name = cleanFileName(info.filename ?? '', '附件');
      const month = now.toISOString().slice(0, 7).replace('-', '/');
      const storageKey = `attachments/${month}/${id}`;
      const hash = createHash('sha256');
      let head: Buffer = Buffer.alloc(0);
      let detected: DetectedType | null = null;
      let size = 0;
      let truncated = false;
      file.on('limit', () => {
        truncated = true;
      });
      const gate = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          hash.update(chunk);
          if (detected) return done(null, chunk);
          head = Buffer.concat([head, chunk]);
          if (head.length < SNIFF_BYTES) return done();
          detected = detectAttachmentType(head, name);
          if (!detected) return done(unsupported());
          const out = head;
          head = Buffer.alloc(0);
          done(null, out);
        },
        flush(done) {
          if (!detected) {
            detected = head.length > 0 ? detectAttachmentType(head, name) : null;
            if (!detected)
              return done(size === 0 ? errors.validation({ file: 'empty' }, '文件是空的，请重新选择') : unsupported());
            this.push(head);
          }
          done();
        },
      });
      file.on('error', (err: Error) => gate.destroy(err));
      // The store may still be preparing (creating folders) when the first bytes are refused:
      // keep the gate's own error, which is the one to report.
      let refusal: unknown = null;
      gate.on('error', (err) => {
        refusal ??= err;
      });
      stored = store.put(storageKey, file.pipe(gate)).then(
        async () => {
          if (truncated) {
            await store.remove(storageKey);
            throw new AppError(
              413,
              'PAYLOAD_TOO_LARGE',
              `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请压缩后再发送`,
            );
          }
          return {
            ...detected!,
            id,
            name,
            size,
            sha256: hash.digest('hex'),
            storageKey,
            accessKey: randomBytes(16).toString('hex'),
          };
        },
        (err: unknown) => {
          throw refusal ?? err;
        },
      );
      stored.catch(fail);
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (settled) return;
      if (!stored) return fail(errors.validation({ file: 'missing' }, '没有收到文件，请重新选择'));
      stored.then((upload) => {
        settled = true;
        resolve(upload);
      }, fail);
    });
    req.pipe(parser);
  });
}
