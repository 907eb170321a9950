import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** The largest GraphQL request body taken; uploads have routes of their own. */
export const GRAPHQL_BODY_LIMIT_BYTES = 1024 * 1024;

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

function refusal(error: BodyParserError, req: Request): [number, string, string] | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return [
        413,
        'PAYLOAD_TOO_LARGE',
        `the GraphQL request body is larger than ${GRAPHQL_BODY_LIMIT_BYTES / 1024 / 1024} MB; files go to PUT /api/datasets/:id/file, not through GraphQL`,
      ];
    case 'entity.parse.failed':
      return [400, 'BAD_USER_INPUT', `the request body is not valid JSON (${error.message}); send {"query": "…", "variables": {…}}`];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, 'UNSUPPORTED_MEDIA_TYPE', `${error.message}: send the body as UTF-8 JSON`];
    case 'request.aborted':
    case 'request.size.invalid':
      return [400, 'BAD_USER_INPUT', `the request body did not arrive whole (${error.message})`];
    default: {
      if (error.status === undefined || error.status < 400 || error.status >= 500) return undefined;
      const encoding = req.headers['content-encoding'];
      // e.g. a Content-Encoding: gzip body that does not inflate.
      const message =
        encoding !== undefined && encoding !== 'identity'
          ? `the request body is not valid ${encoding} as its Content-Encoding says; send it compressed that way, or without Content-Encoding`
          : `the request body could not be read (${error.message})`;
      return [400, 'BAD_USER_INPUT', message];
    }
  }
}

/**
 * `/graphql`'s JSON body (at most 1 MB). A body it cannot take is answered as a GraphQL
 * response, `{"errors": [{"message", "extensions": {"code"}}]}`, with the HTTP status
 * (413 too large, 400 not JSON), so GraphQL clients show the reason.
 */
export function graphqlBody(): RequestHandler[] {
  const parse = json({ limit: GRAPHQL_BODY_LIMIT_BYTES });
  const explain = (error: BodyParserError, req: Request, res: Response, next: NextFunction) => {
    const known = refusal(error, req);
    if (!known || res.headersSent) {
      next(error);
      return;
    }
    const [status, code, message] = known;
    // The rest of a refused body is not read: close the connection after the answer.
    if (!req.complete) res.setHeader('connection', 'close');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
  return [parse, explain as unknown as RequestHandler];
}
