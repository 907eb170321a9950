import { ApiError, apiUrl, currentToken } from '../api/client';

/**
 * PUTs a file as the raw request body with XMLHttpRequest, reporting upload progress (fetch
 * cannot). The browser streams the File from disk; the page never holds its bytes.
 * Resolves with the JSON answer; a REST error `{code, message}` becomes an {@link ApiError}.
 */
export function putFile<T>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', apiUrl(path));
    const token = currentToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError('the exchange could not be reached', 'NETWORK'));
    xhr.onabort = () => reject(new ApiError('the upload was cancelled', 'CLIENT'));
    xhr.onload = () => {
      let body: { code?: string; message?: string } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: keep the status line
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        reject(
          new ApiError(
            body.message ?? `${xhr.status} ${xhr.statusText}`,
            body.code ?? `HTTP_${xhr.status}`,
            [],
            body,
          ),
        );
      }
    };
    xhr.send(file);
  });
}
