/**
 * The parts of drachtio-srf the SIP front uses, typed where the package's own declarations are
 * wrong or missing (`Srf#request` options, `Dialog#request` options, `SrfRequest#cancel`).
 */
import type Srf from 'drachtio-srf';

export type SipRequest = Srf.SrfRequest;
export type SipResponse = Srf.SrfResponse;
export type SipDialog = Srf.Dialog;

export interface OutOfDialogRequest {
  method: 'OPTIONS' | 'REGISTER';
  headers?: Record<string, string>;
  body?: string;
  /** Send through this next hop (`sip:host:port`) instead of the request URI's host. */
  proxy?: string;
  /** Answer a 401/407 challenge with these credentials (drachtio-srf's digest client). */
  auth?: { username: string; password: string };
}

export interface InDialogRequest {
  method: 'INFO' | 'BYE';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * `srf.request(uri, opts)`; `onResponse` gets every answer ('response' events). It is attached
 * in drachtio-srf's callback, synchronously: a response can arrive in the same TCP read as the
 * server's confirmation of the send, before a promise continuation would run.
 */
export function sendRequest(
  srf: Srf,
  uri: string,
  opts: OutOfDialogRequest,
  onResponse: (res: SipResponse) => void,
): Promise<SipRequest> {
  type Callback = (error: Error | null, req: SipRequest) => void;
  const request = srf.request as unknown as (uri: string, opts: OutOfDialogRequest, callback: Callback) => void;
  return new Promise((resolve, reject) => {
    request.call(srf, uri, opts, (error, req) => {
      if (error) return reject(error);
      req.on('response', (res) => {
        if (res) onResponse(res);
      });
      resolve(req);
    });
  });
}

/** `dialog.request(opts)`: resolves with the final response. */
export function requestInDialog(dialog: SipDialog, opts: InDialogRequest): Promise<SipResponse> {
  const request = dialog.request as unknown as (opts: InDialogRequest) => Promise<SipResponse>;
  return request.call(dialog, opts);
}
