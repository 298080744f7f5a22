import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { OAuthStore, StoredClient } from "./oauth-store.js";

interface ClientAttempt {
  clientId: string;
  clientSecret: string;
}

/**
 * Registers `POST /ords/<alias>/oauth/token` for the client-credentials grant (RFC 6749
 * section 4.4). Credentials come in HTTP Basic, raw or form-encoded before Base64 (RFC 6749
 * section 2.3.1), or as `client_id` and `client_secret` in the form body.
 */
export function registerTokenEndpoint(app: FastifyInstance, alias: string, store: OAuthStore): void {
  app.post(`/ords/${alias}/oauth/token`, async (request, reply) => {
    const form = typeof request.body === "object" && request.body !== null ? (request.body as Record<string, string>) : {};
    const grantType = form.grant_type;

    if (grantType === undefined) {
      return sendOAuthError(reply, 400, "invalid_request", "missing grant_type; send grant_type=client_credentials");
    }
    if (grantType !== "client_credentials") {
      return sendOAuthError(reply, 400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
    }

    const client = authenticate(request, form, store);
    if (client === undefined) {
      request.log.info("token request rejected: unknown client or wrong secret");
      reply.header("www-authenticate", 'Basic realm="Oracle REST Data Services"');
      return sendOAuthError(reply, 401, "invalid_client", "client authentication failed");
    }

    const token = store.issueToken(client);
    request.log.info({ client: client.name, expiresIn: token.expiresIn }, "access token issued");
    return reply
      .header("cache-control", "no-store")
      .send({ access_token: token.accessToken, token_type: "bearer", expires_in: token.expiresIn });
  });
}

function authenticate(request: FastifyRequest, form: Record<string, string>, store: OAuthStore): StoredClient | undefined {
  for (const attempt of credentialAttempts(request.headers.authorization, form)) {
    const client = store.authenticate(attempt.clientId, attempt.clientSecret);
    if (client !== undefined) {
      return client;
    }
  }
  return undefined;
}

function credentialAttempts(authorization: string | undefined, form: Record<string, string>): ClientAttempt[] {
  const attempts: ClientAttempt[] = [];
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    if (separator > 0) {
      const clientId = decoded.slice(0, separator);
      const clientSecret = decoded.slice(separator + 1);
      attempts.push({ clientId, clientSecret });
      const formDecoded = { clientId: formDecode(clientId), clientSecret: formDecode(clientSecret) };
      if (formDecoded.clientId !== undefined && formDecoded.clientSecret !== undefined) {
        attempts.push(formDecoded as ClientAttempt);
      }
    }
  }
  if (form.client_id !== undefined && form.client_secret !== undefined) {
    attempts.push({ clientId: form.client_id, clientSecret: form.client_secret });
  }
  return attempts;
}

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

function sendOAuthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).header("cache-control", "no-store").send({ error, error_description: description });
}
