import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Keep tests away from the user's token cache and from any ORDS settings of the shell.
process.env.ORDSLAB_TOKEN_CACHE = mkdtempSync(join(tmpdir(), "ordslab-token-cache-"));
delete process.env.ORDS_URL;
delete process.env.ORDS_CLIENT_ID;
delete process.env.ORDS_CLIENT_SECRET;

import net from "node:net";

// Fail any connection that leaves the machine: tests talk to their own servers on loopback only.
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string;
  let host = typeof args[1] === "string" ? args[1] : undefined;
  if (typeof first === "object" && first !== null) {
    host = first.host;
  }
  const isPipe = typeof first === "object" && first !== null && first.path !== undefined;
  if (!isPipe && host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(`test tried to connect to ${host}: tests may only reach servers on loopback`);
  }
  return (originalConnect as (...values: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
