import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** An access token and the moment it stops being used, in milliseconds since the epoch. */
export interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * Keeps access tokens on disk so that a kernel restart or a second notebook reuses a live
 * token. One file per token URL and client key (the client id, and a hash of the secret
 * so a new secret gets a new token), mode 0600 in a 0700 folder. The client secret is
 * never written.
 */
export class TokenFileCache {
  readonly directory: string;

  /** Throws a TypeError for a relative folder, which would put tokens wherever the kernel runs. */
  constructor(directory: string = defaultTokenCacheDirectory()) {
    if (!isAbsolute(directory)) {
      throw new TypeError(`invalid token cache folder ${JSON.stringify(directory)}: give an absolute path, or set ORDSLAB_TOKEN_CACHE=off to keep tokens in memory only`);
    }
    this.directory = directory;
  }

  read(tokenUrl: string, clientKey: string): CachedToken | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.#file(tokenUrl, clientKey), "utf8")) as Partial<CachedToken>;
      if (typeof parsed.accessToken === "string" && typeof parsed.expiresAt === "number") {
        return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt };
      }
    } catch {
      // A missing, unreadable or corrupt cache file means no cached token.
    }
    return undefined;
  }

  /** Writes the token atomically (write to a temporary file, then rename). Failures are ignored: the cache is an optimisation. */
  write(tokenUrl: string, clientKey: string, token: CachedToken): void {
    const file = this.#file(tokenUrl, clientKey);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      writeFileSync(temporary, JSON.stringify(token), { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
  }

  delete(tokenUrl: string, clientKey: string): void {
    rmSync(this.#file(tokenUrl, clientKey), { force: true });
  }

  #file(tokenUrl: string, clientKey: string): string {
    const key = createHash("sha256").update(`${tokenUrl}\n${clientKey}`).digest("hex").slice(0, 32);
    return join(this.directory, `${key}.json`);
  }
}

/** `$ORDSLAB_TOKEN_CACHE`, else `$XDG_CACHE_HOME/ordslab/tokens`, else `~/.cache/ordslab/tokens`. */
export function defaultTokenCacheDirectory(env: Record<string, string | undefined> = process.env): string {
  const configured = env.ORDSLAB_TOKEN_CACHE;
  // `off` turns the cache off where the client reads the setting; here it means no folder was set.
  if (configured !== undefined && configured !== "" && configured !== "off") {
    return configured;
  }
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(base, "ordslab", "tokens");
}
