// The session and reconnect rules of clients/typescript (client.ts, realtime.ts), run against the client as tsc
// compiles it (the folder is the first argument) with a fake fetch, a fake WebSocket and fake timers: no server, no
// network, no waiting. TypeScriptClientBehaviourTest compiles the client and runs this with node.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const { ApiError, BanterClient, RealtimeConnection } = require(path.resolve(process.argv[2], "index.js"));

const BASE = "https://api.test";

// --- fake fetch: answers per "METHOD path" from a script; the last answer of a path repeats ---

function json(status, body) {
  return () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function problem(status, code) {
  return () => new Response(JSON.stringify({ status, code, title: "refused" }),
    { status, headers: { "Content-Type": "application/problem+json" } });
}

function noContent() {
  return () => new Response(null, { status: 204 });
}

function fakeServer(routes) {
  const calls = [];
  const fetch = async (url, init) => {
    const route = `${init.method} ${new URL(url).pathname}`;
    calls.push({ route, authorization: init.headers.Authorization });
    const answers = routes[route];
    assert.ok(answers && answers.length > 0, `unexpected request ${route}`);
    return (answers.length > 1 ? answers.shift() : answers[0])();
  };
  return { fetch, calls, routes: () => calls.map((call) => call.route) };
}

function signedIn(server, onSignedOut) {
  let tokens = { accessToken: "access-1", refreshToken: "refresh-1" };
  const store = { get: () => tokens, set: (next) => { tokens = next; } };
  const client = new BanterClient({ baseUrl: BASE, tokens: store, fetch: server.fetch, onSignedOut });
  return { client, tokens: () => tokens };
}

// --- fake timers and WebSocket, installed for one test ---

/** Lets the promise chains that a step started (fetches, body reads) run to their end. */
async function settle() {
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

class FakeClock {
  constructor() {
    this.now = 0;
    this.nextId = 1;
    this.timers = new Map();
  }

  install(t) {
    const saved = {};
    for (const name of ["setTimeout", "clearTimeout", "setInterval", "clearInterval"]) {
      saved[name] = globalThis[name];
    }
    globalThis.setTimeout = (fn, ms = 0) => this.schedule(fn, ms, null);
    globalThis.setInterval = (fn, ms = 0) => this.schedule(fn, ms, ms);
    globalThis.clearTimeout = globalThis.clearInterval = (id) => this.timers.delete(id);
    t.after(() => Object.assign(globalThis, saved));
  }

  schedule(fn, ms, every) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + Math.max(0, ms), fn, every });
    return id;
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  async advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      const [id, timer] = due;
      this.now = timer.at;
      if (timer.every === null) {
        this.timers.delete(id);
      } else {
        timer.at += Math.max(1, timer.every);
      }
      timer.fn();
      await settle();
    }
    this.now = end;
  }
}

class FakeWebSocket {
  static opened = [];

  constructor(url) {
    this.url = url;
    this.sent = [];
    FakeWebSocket.opened.push(this);
  }

  send(data) {
    this.sent.push(data);
  }

  /** As a browser does: the close event comes later, with the code the app closed with. */
  close(code) {
    queueMicrotask(() => this.onclose?.({ code, reason: "" }));
  }

  /** The server (or the network) closes the socket. */
  closedBy(code, reason = "") {
    this.onclose?.({ code, reason });
  }
}

function fakeRealtime(t) {
  const clock = new FakeClock();
  clock.install(t);
  const savedWebSocket = globalThis.WebSocket;
  FakeWebSocket.opened = [];
  globalThis.WebSocket = FakeWebSocket;
  t.after(() => {
    globalThis.WebSocket = savedWebSocket;
  });
  return clock;
}

function connection(client, closes) {
  return new RealtimeConnection({ websocketUrl: "wss://api.test", client, initialDelayMs: 1000, maxDelayMs: 30000,
    onClose: (code, reason, willReconnect) => closes.push({ code, willReconnect }) });
}

const TICKETS = "POST /api/v1/realtime/tickets";
const REFRESH = "POST /api/v1/auth/refresh";
const LOGOUT = "POST /api/v1/auth/logout";

// --- the rules ---

test("a sign-out whose access token expired refreshes, then signs out", async () => {
  const server = fakeServer({
    [LOGOUT]: [problem(401, "UNAUTHENTICATED"), noContent()],
    [REFRESH]: [json(200, { status: "AUTHENTICATED", accessToken: "access-2", refreshToken: "refresh-2" })],
  });
  const { client, tokens } = signedIn(server);

  assert.equal(await client.post("/api/v1/auth/logout"), undefined);

  assert.deepEqual(server.routes(), [LOGOUT, REFRESH, LOGOUT]);
  assert.equal(server.calls[2].authorization, "Bearer access-2");
  assert.deepEqual(tokens(), { accessToken: "access-2", refreshToken: "refresh-2" });
});

test("a refused Firebase ID token is not refreshed: the credential in the body is what is bad", async () => {
  const server = fakeServer({ "POST /api/v1/auth/firebase": [problem(401, "INVALID_ID_TOKEN")] });
  const { client } = signedIn(server);

  await assert.rejects(client.post("/api/v1/auth/firebase", { body: { idToken: "stale" } }),
    (error) => error instanceof ApiError && error.code === "INVALID_ID_TOKEN");
  assert.deepEqual(server.routes(), ["POST /api/v1/auth/firebase"]);
});

test("the socket reconnects with backoff after 1011 (a server failure) as after 1013 and 1012", async (t) => {
  const clock = fakeRealtime(t);
  for (const code of [1011, 1013, 1012]) {
    const server = fakeServer({ [TICKETS]: [json(201, { ticket: "ticket" })] });
    const { client } = signedIn(server);
    const closes = [];
    const realtime = connection(client, closes);
    await realtime.connect();
    const before = FakeWebSocket.opened.length;

    FakeWebSocket.opened.at(-1).closedBy(code);
    assert.deepEqual(closes, [{ code, willReconnect: true }]);
    await clock.advance(400); // the first delay is 0.5 to 1 s
    assert.equal(FakeWebSocket.opened.length, before, `reconnected at once after ${code}`);
    await clock.advance(1000);

    assert.deepEqual(server.routes(), [TICKETS, TICKETS], `after ${code}`);
    assert.equal(FakeWebSocket.opened.length, before + 1, `after ${code}`);
    realtime.close();
    await settle();
  }
});

test("no reconnect after a normal close (session revoked) or a replacement (4001)", async (t) => {
  const clock = fakeRealtime(t);
  for (const code of [1000, 4001]) {
    const server = fakeServer({ [TICKETS]: [json(201, { ticket: "ticket" })] });
    const { client } = signedIn(server);
    const closes = [];
    await connection(client, closes).connect();

    FakeWebSocket.opened.at(-1).closedBy(code);
    await clock.advance(10 * 60_000);

    assert.deepEqual(closes, [{ code, willReconnect: false }]);
    assert.deepEqual(server.routes(), [TICKETS], `after ${code}`);
  }
});

test("close() cancels a pending reconnect", async (t) => {
  const clock = fakeRealtime(t);
  const server = fakeServer({ [TICKETS]: [json(201, { ticket: "ticket" })] });
  const { client } = signedIn(server);
  const realtime = connection(client, []);
  await realtime.connect();

  FakeWebSocket.opened[0].closedBy(1006);
  realtime.close();
  await clock.advance(10 * 60_000);

  assert.deepEqual(server.routes(), [TICKETS]);
  assert.equal(FakeWebSocket.opened.length, 1);
});

test("close() while a reconnect's ticket is on its way opens no socket", async (t) => {
  const clock = fakeRealtime(t);
  let answerTicket;
  const server = fakeServer({
    [TICKETS]: [json(201, { ticket: "first" }),
      () => new Promise((resolve) => { answerTicket = () => resolve(json(201, { ticket: "late" })()); })],
  });
  const { client } = signedIn(server);
  const realtime = connection(client, []);
  await realtime.connect();

  FakeWebSocket.opened[0].closedBy(1012);
  await clock.advance(1000);
  assert.deepEqual(server.routes(), [TICKETS, TICKETS]);
  realtime.close();
  answerTicket();
  await settle();
  await clock.advance(10 * 60_000);

  assert.equal(FakeWebSocket.opened.length, 1);
  assert.deepEqual(server.routes(), [TICKETS, TICKETS]);
});

test("a reconnect whose ticket is refused after sign-out stops instead of asking for ever", async (t) => {
  const clock = fakeRealtime(t);
  let signedOut = 0;
  const server = fakeServer({
    [TICKETS]: [json(201, { ticket: "ticket" }), problem(401, "UNAUTHENTICATED")],
    [REFRESH]: [problem(401, "INVALID_REFRESH_TOKEN")],
  });
  const { client, tokens } = signedIn(server, () => signedOut++);
  const closes = [];
  const realtime = connection(client, closes);
  await realtime.connect();

  FakeWebSocket.opened[0].closedBy(1006);
  await clock.advance(10 * 60_000);

  assert.deepEqual(server.routes(), [TICKETS, TICKETS, REFRESH]);
  assert.equal(FakeWebSocket.opened.length, 1);
  assert.equal(signedOut, 1);
  assert.equal(tokens(), null);
  assert.deepEqual(closes.at(-1), { code: 1006, willReconnect: false });
});
