import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a stub server received it. */
export interface StubRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request's body was read. */
  receivedAt: number;
}

export type StubHandler = (request: StubRequest, response: ServerResponse) => void | Promise<void>;

export interface StubServerOptions {
  /**
   * Members of the token response sent for `POST .../oauth/token`; `access_token` and
   * `token_type` are added. `false` passes token requests to the handler instead.
   */
  token?: Record<string, unknown> | false;
}

export interface StubServer {
  origin: string;
  /** `http://127.0.0.1:<port>/ords/stub/`, a schema base URL whose token endpoint the stub serves. */
  ordsUrl: string;
  /** Every request except token requests, in arrival order. */
  requests: StubRequest[];
  tokenRequests: StubRequest[];
  /** The access tokens issued so far, in order. */
  issuedTokens: string[];
  close: () => Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1 port 0 that serves client-credentials tokens
 * and passes every other request to `handler`, which may misbehave on purpose (never
 * respond, send HTML, ignore the offset).
 */
export async function startStubServer(handler: StubHandler, options: StubServerOptions = {}): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const tokenRequests: StubRequest[] = [];
  const issuedTokens: string[] = [];

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request: StubRequest = {
        method: incoming.method ?? "GET",
        url: incoming.url ?? "/",
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: performance.now(),
      };

      const isTokenRequest = request.method === "POST" && request.url.split("?")[0]?.endsWith("/oauth/token") === true;
      if (isTokenRequest && options.token !== false) {
        tokenRequests.push(request);
        const accessToken = `stub-token-${issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
        issuedTokens.push(accessToken);
        sendJson(response, 200, { access_token: accessToken, token_type: "bearer", ...options.token });
        return;
      }

      requests.push(request);
      void Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });

  const origin = await listen(server);
  return {
    origin,
    ordsUrl: `${origin}/ords/stub/`,
    requests,
    tokenRequests,
    issuedTokens,
    close: () => closeServer(server),
  };
}

/** Sends a JSON body with the given status and extra headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Parses the query parameters of a stub request. */
export function queryOf(request: StubRequest): URLSearchParams {
  return new URL(request.url, "http://stub.invalid").searchParams;
}

export interface ReverseProxy {
  origin: string;
  /** Every path the proxy forwarded, as the client sent it. */
  forwardedPaths: string[];
  close: () => Promise<void>;
}

/**
 * Starts a reverse proxy on 127.0.0.1 port 0 that forwards requests whose path starts with
 * `fromPrefix` to `targetOrigin`, replacing that prefix with `toPrefix`, and responds with
 * 404 to anything else. The Host header names the target, so the target builds its links with
 * its own origin, as behind a proxy that does not forward the Host header.
 */
export async function startReverseProxy(targetOrigin: string, fromPrefix: string, toPrefix: string): Promise<ReverseProxy> {
  const target = new URL(targetOrigin);
  const forwardedPaths: string[] = [];

  const server = createServer((incoming, response) => {
    const path = incoming.url ?? "/";
    if (!path.startsWith(fromPrefix)) {
      sendJson(response, 404, { code: "NotFound", message: `the proxy does not map ${path.split("?")[0]}` });
      return;
    }
    forwardedPaths.push(path);

    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: `${toPrefix}${path.slice(fromPrefix.length)}`,
        headers: { ...incoming.headers, host: target.host },
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on("error", (error) => response.destroy(error));
    incoming.pipe(upstream);
  });

  const origin = await listen(server);
  return { origin, forwardedPaths, close: () => closeServer(server) };
}

/** Returns a loopback port that nothing listens on: one the system just handed out and took back. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const origin = await listen(server);
  await closeServer(server);
  return Number(new URL(origin).port);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** Closes the server and drops open connections, including requests a stub never responded to. */
async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
