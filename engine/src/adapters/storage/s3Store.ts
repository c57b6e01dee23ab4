/**
 * Blob store on an S3-compatible object service: AWS S3, MinIO, Aliyun OSS or Tencent COS in
 * their S3 mode. Uploads stream through `@aws-sdk/lib-storage`: a body that fits one part is
 * sent as one PutObject once it has ended; a larger one goes up as a multipart upload, which is
 * aborted when the source stream or a request fails, so a failed upload leaves no object and no
 * parts behind. Keys are checked like on the local disk and stored under an optional prefix.
 */
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertBlobKey, type BlobStore } from './blobStore.js';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** Absent for AWS itself; the service's URL for MinIO, OSS, COS (e.g. http://minio:9000). */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO and most self-hosted services need them. */
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** Folder inside the bucket, without slashes at either end (`cloud-seat`), or empty. */
  prefix?: string;
  /** Bytes per multipart part (S3's minimum, 5 MiB, by default): memory per upload is about two parts. */
  partSize?: number;
}

/** An S3 request that failed, with what it was doing and the likely cause in plain words. */
export class S3StoreError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'S3StoreError';
  }
}

const PART_SIZE = 5 * 1024 * 1024;

export class S3Store implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly where: string;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix}/` : '';
    this.partSize = Math.max(PART_SIZE, options.partSize ?? PART_SIZE);
    this.where = `bucket "${options.bucket}" at ${options.endpoint ?? `AWS S3 (${options.region})`}`;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Checksums only where S3 demands them: services in S3 mode (OSS, COS, older MinIO)
      // refuse the CRC32 trailers that newer SDKs add to every upload by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5_000 },
    });
  }

  /** Fails with a clear message when the bucket is missing or the credentials are refused. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw this.failure('reach', null, err);
    }
  }

  async put(key: string, data: Readable): Promise<void> {
    const objectKey = this.objectKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: data },
      partSize: this.partSize,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      data.destroy();
      // The source's own error (a client that went away, a refused file) is the one to report.
      if (!(err instanceof S3ServiceException) && !isNetworkError(err)) throw err;
      throw this.failure('store', objectKey, err);
    }
  }

  async get(key: string): Promise<Readable | null> {
    const objectKey = this.objectKey(key);
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!(Body instanceof Readable)) throw new Error('the response has no body stream');
      return Body;
    } catch (err) {
      if (isNoSuchKey(err)) return null;
      throw this.failure('read', objectKey, err);
    }
  }

  /** Removing a key that is not there is fine (S3 itself answers 204). */
  async remove(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (err) {
      if (isNoSuchKey(err)) return;
      throw this.failure('remove', objectKey, err);
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertBlobKey(key);
    return `${this.prefix}${key}`;
  }

  private failure(action: string, objectKey: string | null, err: unknown): S3StoreError {
    const what = objectKey ? `cannot ${action} "${objectKey}" in ${this.where}` : `cannot ${action} ${this.where}`;
    return new S3StoreError(`S3 store: ${what}: ${explain(err)}`, { cause: err });
  }
}

function statusOf(err: unknown): number | undefined {
  return err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
}

function isNoSuchKey(err: unknown): boolean {
  return (
    err instanceof S3ServiceException &&
    err.name !== 'NoSuchBucket' &&
    (err.name === 'NoSuchKey' || statusOf(err) === 404)
  );
}

/** Connection refused, unknown host, connection timeout: the SDK passes these on unwrapped. */
function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.name === 'TimeoutError' ||
    (typeof code === 'string' && /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)/.test(code))
  );
}

function explain(err: unknown): string {
  const name = err instanceof Error ? err.name : 'Error';
  const status = statusOf(err);
  const code = `${name}${status ? ` (HTTP ${status})` : ''}`;
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) return `${code}: the bucket does not exist`;
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'Forbidden'].includes(name) || status === 403) {
    return `${code}: the access key, secret or their permissions were refused`;
  }
  if (isNetworkError(err)) return `${code}: the service cannot be reached`;
  return `${code}: ${err instanceof Error ? err.message : String(err)}`;
}
