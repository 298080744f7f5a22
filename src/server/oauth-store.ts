import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type Database from "better-sqlite3";

/** An OAuth client as the server stores it; the secret is kept only as a SHA-256 hash. */
export interface StoredClient {
  name: string;
  clientId: string;
  tokenDurationSeconds: number;
  roles: string[];
}

/** Client credentials in the form ORDS generates: base64url followed by `..`. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** The client and roles behind a valid access token. */
export interface TokenGrant {
  clientName: string;
  roles: string[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ords_oauth_clients (
  name TEXT PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  secret_sha256 TEXT NOT NULL,
  token_duration INTEGER NOT NULL CHECK (token_duration > 0),
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS ords_oauth_client_roles (
  client_name TEXT NOT NULL REFERENCES ords_oauth_clients(name) ON DELETE CASCADE,
  role_name TEXT NOT NULL,
  PRIMARY KEY (client_name, role_name)
);
CREATE TABLE IF NOT EXISTS ords_oauth_tokens (
  token_sha256 TEXT PRIMARY KEY,
  client_name TEXT NOT NULL REFERENCES ords_oauth_clients(name) ON DELETE CASCADE,
  expires_at_ms INTEGER NOT NULL
);
`;

/** Generates an id or secret shaped like the ones ORDS issues. */
export function generateOrdsCredential(): string {
  return `${randomBytes(16).toString("base64url")}..`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Stores OAuth clients and the access tokens issued to them in the server's SQLite database,
 * so tokens stay valid across server restarts, as they do on ORDS.
 */
export class OAuthStore {
  readonly #db: Database.Database;
  readonly #now: () => number;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    db.exec(SCHEMA);
  }

  /** Returns the stored client with this name, or `undefined`. */
  findClient(name: string): StoredClient | undefined {
    const row = this.#db
      .prepare("SELECT name, client_id AS clientId, token_duration AS tokenDurationSeconds FROM ords_oauth_clients WHERE name = ?")
      .get(name) as Omit<StoredClient, "roles"> | undefined;
    return row === undefined ? undefined : { ...row, roles: this.#rolesOf(row.name) };
  }

  /**
   * Registers a client with the given credentials, or with new ones when none are given,
   * and returns the credentials. The secret is returned here once and never stored in clear.
   */
  registerClient(
    name: string,
    options: { tokenDurationSeconds: number; roles: string[]; credentials?: ClientCredentials },
  ): ClientCredentials {
    const credentials = options.credentials ?? { clientId: generateOrdsCredential(), clientSecret: generateOrdsCredential() };

    const register = this.#db.transaction(() => {
      this.#db
        .prepare("INSERT INTO ords_oauth_clients (name, client_id, secret_sha256, token_duration) VALUES (?, ?, ?, ?)")
        .run(name, credentials.clientId, sha256(credentials.clientSecret), options.tokenDurationSeconds);
      for (const role of options.roles) {
        this.grantRole(name, role);
      }
    });
    register();
    return credentials;
  }

  /** Removes a client and every token issued to it. */
  deleteClient(name: string): void {
    this.#db.prepare("DELETE FROM ords_oauth_clients WHERE name = ?").run(name);
  }

  grantRole(clientName: string, role: string): void {
    this.#db.prepare("INSERT OR IGNORE INTO ords_oauth_client_roles (client_name, role_name) VALUES (?, ?)").run(clientName, role);
  }

  revokeRole(clientName: string, role: string): void {
    this.#db.prepare("DELETE FROM ords_oauth_client_roles WHERE client_name = ? AND role_name = ?").run(clientName, role);
  }

  setTokenDuration(clientName: string, seconds: number): void {
    this.#db.prepare("UPDATE ords_oauth_clients SET token_duration = ? WHERE name = ?").run(seconds, clientName);
  }

  /**
   * Returns the client these credentials belong to, or `undefined` when the id is unknown or
   * the secret does not match. The comparison takes the same time whatever the secret.
   */
  authenticate(clientId: string, clientSecret: string): StoredClient | undefined {
    const row = this.#db
      .prepare("SELECT name, secret_sha256 AS secretHash FROM ords_oauth_clients WHERE client_id = ?")
      .get(clientId) as { name: string; secretHash: string } | undefined;
    if (row === undefined) {
      return undefined;
    }

    const expected = Buffer.from(row.secretHash, "hex");
    const actual = Buffer.from(sha256(clientSecret), "hex");
    return timingSafeEqual(expected, actual) ? this.findClient(row.name) : undefined;
  }

  /** Issues a new opaque access token valid for the client's token duration. */
  issueToken(client: StoredClient): IssuedToken {
    const accessToken = randomBytes(16).toString("base64url");
    const expiresAt = this.#now() + client.tokenDurationSeconds * 1000;

    this.#db.prepare("DELETE FROM ords_oauth_tokens WHERE expires_at_ms <= ?").run(this.#now());
    this.#db
      .prepare("INSERT INTO ords_oauth_tokens (token_sha256, client_name, expires_at_ms) VALUES (?, ?, ?)")
      .run(sha256(accessToken), client.name, expiresAt);
    return { accessToken, expiresIn: client.tokenDurationSeconds };
  }

  /** Returns the grant behind a token, or `undefined` when the token is unknown or expired. */
  verifyToken(accessToken: string): TokenGrant | undefined {
    const row = this.#db
      .prepare("SELECT client_name AS clientName, expires_at_ms AS expiresAt FROM ords_oauth_tokens WHERE token_sha256 = ?")
      .get(sha256(accessToken)) as { clientName: string; expiresAt: number } | undefined;
    if (row === undefined || row.expiresAt <= this.#now()) {
      return undefined;
    }
    return { clientName: row.clientName, roles: this.#rolesOf(row.clientName) };
  }

  #rolesOf(clientName: string): string[] {
    const rows = this.#db
      .prepare("SELECT role_name AS role FROM ords_oauth_client_roles WHERE client_name = ? ORDER BY role_name")
      .all(clientName) as { role: string }[];
    return rows.map((row) => row.role);
  }
}
