/**
 * A small S3-compatible server on loopback for tests: path-style URLs, Signature V4 checked
 * like S3 does (access key, signature, payload hash), S3's XML errors, and the calls the blob
 * store makes — HeadBucket, PutObject, GetObject, DeleteObject and multipart upload (create,
 * upload part, complete, abort). Objects and unfinished uploads live in memory, so a test can
 * look at what was left behind.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface S3Fixture {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects of the bucket, by object key. */
  objects: Map<string, Buffer>;
  /** Multipart uploads started and neither completed nor aborted, by upload id. */
  uploads: Map<string, { key: string; parts: Map<number, Buffer> }>;
  /** Every request as `METHOD /path?query-names`, in order. */
  requests: string[];
  stop(): Promise<void>;
}

class S3Failure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startS3Fixture(
  options: { bucket?: string; accessKeyId?: string; secretAccessKey?: string; region?: string } = {},
): Promise<S3Fixture> {
  const fixture = {
    region: options.region ?? 'us-east-1',
    bucket: options.bucket ?? 'cloud-seat-test',
    accessKeyId: options.accessKeyId ?? 'TESTKEYID',
    secretAccessKey: options.secretAccessKey ?? 'test-secret-key',
    objects: new Map<string, Buffer>(),
    uploads: new Map<string, { key: string; parts: Map<number, Buffer> }>(),
    requests: [] as string[],
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const failure = err instanceof S3Failure ? err : new S3Failure(500, 'InternalError', String(err));
      res.statusCode = failure.status;
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'application/xml');
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code>` +
          `<Message>${escapeXml(failure.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
      );
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const method = req.method ?? 'GET';
    fixture.requests.push(`${method} ${url.pathname}${url.search ? `?${[...url.searchParams.keys()].join('&')}` : ''}`);
    const body = await buffer(req);
    verifySignature(req, url, body);

    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== fixture.bucket) throw new S3Failure(404, 'NoSuchBucket', 'The specified bucket does not exist');
    const uploadId = url.searchParams.get('uploadId');

    if (!key) {
      if (method === 'HEAD') return void res.end();
      throw new S3Failure(501, 'NotImplemented', `${method} on a bucket is not implemented here`);
    }
    if (method === 'PUT' && !uploadId) {
      fixture.objects.set(key, body);
      res.setHeader('ETag', etagOf(body));
      return void res.end();
    }
    if (method === 'GET') {
      const object = fixture.objects.get(key);
      if (!object) throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.');
      res.setHeader('Content-Length', object.length);
      res.setHeader('ETag', etagOf(object));
      res.setHeader('Content-Type', 'application/octet-stream');
      return void res.end(object);
    }
    if (method === 'DELETE' && !uploadId) {
      fixture.objects.delete(key);
      res.statusCode = 204;
      return void res.end();
    }
    if (method === 'POST' && url.searchParams.has('uploads')) {
      const id = randomUUID();
      fixture.uploads.set(id, { key, parts: new Map() });
      return void xml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key>` +
          `<UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    const upload = uploadId ? fixture.uploads.get(uploadId) : undefined;
    if (!upload || upload.key !== key) throw new S3Failure(404, 'NoSuchUpload', 'The specified upload does not exist.');
    if (method === 'PUT') {
      upload.parts.set(Number(url.searchParams.get('partNumber')), body);
      res.setHeader('ETag', etagOf(body));
      return void res.end();
    }
    if (method === 'DELETE') {
      fixture.uploads.delete(uploadId!);
      res.statusCode = 204;
      return void res.end();
    }
    if (method === 'POST') {
      const listed = [...body.toString().matchAll(/<Part>(.*?)<\/Part>/gs)].map(([, part]) => ({
        number: /<PartNumber>(\d+)<\/PartNumber>/.exec(part!)?.[1],
        etag: /<ETag>([^<]+)<\/ETag>/.exec(part!)?.[1]?.replaceAll('&quot;', '"'),
      }));
      if (listed.length === 0) throw new S3Failure(400, 'MalformedXML', 'The XML you provided was not well-formed.');
      const parts = listed.map(({ number, etag }) => {
        const part = upload.parts.get(Number(number));
        if (!part || etagOf(part) !== etag) {
          throw new S3Failure(400, 'InvalidPart', `Part ${number} was not uploaded or its ETag differs.`);
        }
        return part;
      });
      const whole = Buffer.concat(parts);
      fixture.objects.set(key, whole);
      fixture.uploads.delete(uploadId!);
      return void xml(
        res,
        `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key>` +
          `<ETag>"${createHash('md5').update(whole).digest('hex')}-${parts.length}"</ETag></CompleteMultipartUploadResult>`,
      );
    }
    throw new S3Failure(501, 'NotImplemented', `${method} is not implemented here`);
  }

  /** Signature Version 4 as S3 checks it: canonical request, string to sign, derived key. */
  function verifySignature(req: http.IncomingMessage, url: URL, body: Buffer): void {
    const auth =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        req.headers.authorization ?? '',
      );
    if (!auth) throw new S3Failure(403, 'AccessDenied', 'Access Denied');
    const [, keyId, day, region, signedHeaders, signature] = auth as unknown as string[];
    if (keyId !== fixture.accessKeyId) {
      throw new S3Failure(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    }
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (/^[0-9a-f]{64}$/.test(payloadHash) && createHash('sha256').update(body).digest('hex') !== payloadHash) {
      throw new S3Failure(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match.');
    }
    if (payloadHash.startsWith('STREAMING-')) throw new S3Failure(501, 'NotImplemented', 'aws-chunked uploads');
    const query = [...url.searchParams]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const headers = signedHeaders!
      .split(';')
      .map(
        (name) =>
          `${name}:${String(req.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'], scope, sha256Hex(canonical)].join('\n');
    let signingKey: Buffer = Buffer.from(`AWS4${fixture.secretAccessKey}`);
    for (const part of [day!, region!, 's3', 'aws4_request']) signingKey = hmac(signingKey, part);
    if (createHmac('sha256', signingKey).update(toSign).digest('hex') !== signature) {
      throw new S3Failure(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fixture,
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function etagOf(bytes: Buffer): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

function xml(res: http.ServerResponse, body: string): void {
  res.setHeader('Content-Type', 'application/xml');
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}
