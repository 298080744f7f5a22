import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrdsClient } from "../src/ords/client.js";
import { fetchFrame } from "../src/frame/fetch-frame.js";
import { wallClockParts } from "../src/frame/columns.js";
import { countCheckins, startTestServer, type TestServer } from "./helpers/dev-server.js";
import { clientOptions, STUB_CREDENTIALS } from "./helpers/ords-client.js";
import { sendJson, startStubServer } from "./helpers/stub-server.js";

let server: TestServer;
let client: OrdsClient;

beforeAll(async () => {
  server = await startTestServer();
  client = new OrdsClient(clientOptions(server, server.credentials));
});

afterAll(async () => {
  await server.close();
});

describe("metadata catalog", () => {
  it("describes a collection's columns with Oracle types", async () => {
    const response = await client.get<{ members: { name: string; type: string }[]; links: { rel: string; href: string }[] }>(
      "metadata-catalog/examples/checkins/",
    );
    const types = Object.fromEntries(response.body.members.map((member) => [member.name, member.type]));

    expect(response.body.members).toHaveLength(32);
    expect(types.created_at).toBe("DATE");
    expect(types.beer_abv).toBe("NUMBER");
    expect(types.checkin_id).toBe("NUMBER");
    expect(types.comments).toBe("VARCHAR2");
    expect(response.body.links.find((link) => link.rel === "describes")?.href).toBe(`${server.ordsUrl}examples/checkins/`);
  });

  it("is protected like the module", async () => {
    const response = await fetch(`${server.ordsUrl}metadata-catalog/examples/checkins/`);
    expect(response.status).toBe(401);
  });

  it("matches the describedby link of a page", async () => {
    const page = await client.get<{ links: { rel: string; href: string }[] }>("examples/checkins/");
    const describedBy = page.body.links.find((link) => link.rel === "describedby")?.href ?? "";
    const catalog = await client.get(describedBy.slice(server.ordsUrl.length));
    expect(catalog.status).toBe(200);
  });

  it("types the frame from the catalog", async () => {
    const columns = await client.describe("examples/checkins/");
    expect(columns.find((column) => column.name === "created_at")?.type).toBe("datetime");
    expect(columns.find((column) => column.name === "venue_lat")?.type).toBe("number");

    const frame = await fetchFrame(client, "examples/checkins/", { pageSize: 1000, progress: false });
    const stored = server.db.prepare("SELECT created_at FROM checkins ORDER BY checkin_id LIMIT 1").get() as { created_at: string };
    const first = (frame.column("created_at").values as unknown as Date[])[0] as Date;
    const parts = wallClockParts(first);

    expect(frame.shape[0]).toBe(countCheckins(server.db));
    expect(frame.columns.slice(0, 3)).toEqual(["beer_name", "brewery_name", "beer_type"]);
    expect(frame.dtypes[frame.columns.indexOf("created_at")]).toBe("datetime");
    expect(`${parts.year}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`).toBe(stored.created_at.slice(0, 10));
  });
});

describe("fetchFrame without a catalog", () => {
  it("infers types when the catalog answers 404", async () => {
    const stub = await startStubServer((request, response) => {
      if (request.url.includes("metadata-catalog")) {
        sendJson(response, 404, { code: "NotFound", message: "Not Found" });
        return;
      }
      sendJson(response, 200, { items: [{ id: 1, at: "2024-05-01T10:00:00Z" }, { at: "2024-05-02T11:00:00Z", id: 2 }], hasMore: false, limit: 25, offset: 0, count: 2 });
    });
    try {
      const stubClient = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS));
      const frame = await fetchFrame(stubClient, "rows/", { progress: false });

      expect(frame.columns).toEqual(["id", "at"]);
      expect(frame.dtypes).toEqual(["int32", "datetime"]);
      expect(frame.column("id").values).toEqual([1, 2]);
    } finally {
      await stub.close();
    }
  });
});

describe("fetchFrame when the catalog fails", () => {
  it("stops downloading pages", async () => {
    const stub = await startStubServer(async (request, response) => {
      if (request.url.includes("metadata-catalog")) {
        sendJson(response, 503, { code: "ServiceUnavailable", message: "Service Unavailable" });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      const offset = Number(new URL(request.url, "http://stub").searchParams.get("offset") ?? 0);
      sendJson(response, 200, { items: [{ id: offset }], hasMore: true, limit: 1, offset });
    });
    try {
      const stubClient = new OrdsClient(clientOptions(stub, STUB_CREDENTIALS, { retry: { retries: 0 } }));
      const error = await fetchFrame(stubClient, "rows/", { pageSize: 1, progress: false }).catch((caught: unknown) => caught);
      const pagesAtFailure = stub.requests.filter((request) => !request.url.includes("metadata-catalog")).length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pagesLater = stub.requests.filter((request) => !request.url.includes("metadata-catalog")).length;

      expect((error as { status?: number }).status).toBe(503);
      expect(pagesLater).toBeLessThanOrEqual(pagesAtFailure + 1);
    } finally {
      await stub.close();
    }
  });
});
