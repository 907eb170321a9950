import type { TypedDocumentString } from '../graphql/generated';

/** The GraphQL endpoint: same origin by default (the API serves the app at /admin). */
const ENDPOINT: string = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql';

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;

function paramsOf(value: unknown): ErrorParams {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v),
    ),
  ) as ErrorParams;
}

/**
 * A failed request: `code` is the API's `extensions.code` (or NETWORK / HTTP_<status>),
 * `reason` its domain code and `params` the figures and names of its message (both from
 * GraphQL `extensions` or a REST error body), so the app can say it in its language.
 */
export class ApiError extends Error {
  readonly reason: string | null;
  readonly params: ErrorParams;

  constructor(
    message: string,
    readonly code: string,
    readonly errors: readonly GraphQLErrorShape[] = [],
    detail: Readonly<Record<string, unknown>> = errors[0]?.extensions ?? {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.reason = typeof detail.reason === 'string' ? detail.reason : null;
    this.params = paramsOf(detail.params);
  }
}

let token: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The Bearer token of the session, for requests `request` does not send (XHR uploads). */
export const currentToken = (): string | null => token;

/** The session sets the Bearer token and what to do when the API no longer accepts it. */
export function configureClient(options: {
  token: string | null;
  onUnauthenticated?: () => void;
}): void {
  token = options.token;
  if (options.onUnauthenticated) onUnauthenticated = options.onUnauthenticated;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** Sends one typed operation; resolves with its data or throws an {@link ApiError}. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : String(error), 'NETWORK');
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new ApiError(`${response.status} ${response.statusText}`, `HTTP_${response.status}`);
  }
  const errors = body.errors ?? [];
  if (errors.length > 0) {
    const code = errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED' && token) onUnauthenticated?.();
    throw new ApiError(errors.map((e) => e.message).join('; '), code, errors);
  }
  if (!body.data) throw new ApiError('the API sent no data', `HTTP_${response.status}`);
  return body.data;
}

/** A path of the API (`/api/…`) as a URL on the GraphQL endpoint's origin. */
export function apiUrl(path: string): string {
  return new URL(path, new URL(ENDPOINT, window.location.href)).toString();
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const raw = star?.[1] ?? plain?.[1];
  if (!raw) return fallback;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * GETs a REST path with the Bearer token (a plain link cannot send it) and saves the answer
 * as a file. REST errors are JSON `{code, message}`; they become an {@link ApiError}.
 * Resolves with the saved file's name and size.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
): Promise<{ fileName: string; bytes: number; rows: string | null }> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch (error) {
    throw new ApiError(error instanceof Error ? error.message : String(error), 'NETWORK');
  }
  if (!response.ok) {
    let code = `HTTP_${response.status}`;
    let message = `${response.status} ${response.statusText}`;
    let detail: { code?: string; message?: string; reason?: unknown; params?: unknown } = {};
    try {
      detail = (await response.json()) as typeof detail;
      if (detail.code) code = detail.code;
      if (detail.message) message = detail.message;
    } catch {
      // not JSON: keep the status line
    }
    if (code === 'UNAUTHENTICATED' && token) onUnauthenticated?.();
    throw new ApiError(message, code, [], detail);
  }
  const blob = await response.blob();
  const fileName = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the blob goes.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { fileName, bytes: blob.size, rows: response.headers.get('x-eastlake-rows') };
}

interface WorkerAnswer {
  kind: 'queued' | 'started' | 'failed';
  disposition?: string | null;
  rows?: string | null;
  bytes?: number | null;
  code?: string;
  message?: string;
  body?: Record<string, unknown>;
}

let downloadWorker: Promise<ServiceWorker | null> | null = null;

/** The download worker (public/download-sw.js), or null where service workers are unavailable. */
function downloadWorkerReady(): Promise<ServiceWorker | null> {
  downloadWorker ??= (async () => {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
    try {
      const base = import.meta.env.BASE_URL;
      await navigator.serviceWorker.register(`${base}download-sw.js`, { scope: base });
      const registration = await navigator.serviceWorker.ready;
      return registration.active;
    } catch {
      return null;
    }
  })();
  return downloadWorker;
}

/**
 * Saves a REST path's answer as a file the way a link would, streamed to disk by the
 * browser's download manager (the download worker adds the Bearer token a link cannot
 * send): nothing is held in the page's memory, whatever the file's size. Resolves once the
 * download has started, with the file's name (the API's Content-Disposition) and rows;
 * a refusal is an {@link ApiError}. Without service workers (an insecure origin) it falls
 * back to {@link downloadFile}.
 */
export async function streamDownload(
  path: string,
  fallbackName: string,
): Promise<{ fileName: string; bytes: number | null; rows: string | null; streamed: boolean }> {
  const worker = await downloadWorkerReady();
  if (!worker) return { ...(await downloadFile(path, fallbackName)), streamed: false };
  const id = crypto.randomUUID();
  const channel = new MessageChannel();
  const answers: WorkerAnswer[] = [];
  let wake: (() => void) | null = null;
  channel.port1.onmessage = (event: MessageEvent<WorkerAnswer>) => {
    answers.push(event.data);
    wake?.();
  };
  const next = async (timeoutMs: number): Promise<WorkerAnswer> => {
    const deadline = Date.now() + timeoutMs;
    while (answers.length === 0) {
      if (Date.now() > deadline) throw new ApiError('the download did not start', 'NETWORK');
      await new Promise<void>((ok) => {
        wake = ok;
        setTimeout(ok, 250);
      });
    }
    return answers.shift() as WorkerAnswer;
  };
  worker.postMessage(
    { type: 'eastlake-download', id, url: apiUrl(path), token, fileName: fallbackName },
    [channel.port2],
  );
  try {
    await next(10_000); // queued
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.src = `${import.meta.env.BASE_URL}__download/${id}`;
    document.body.appendChild(frame);
    setTimeout(() => frame.remove(), 60_000);
    const answer = await next(60_000);
    if (answer.kind === 'failed') {
      const code = answer.code ?? 'INTERNAL_SERVER_ERROR';
      if (code === 'UNAUTHENTICATED' && token) onUnauthenticated?.();
      throw new ApiError(answer.message ?? code, code, [], answer.body ?? {});
    }
    return {
      fileName: fileNameFrom(answer.disposition ?? null, fallbackName),
      bytes: answer.bytes ?? null,
      rows: answer.rows ?? null,
      streamed: true,
    };
  } finally {
    channel.port1.close();
  }
}
