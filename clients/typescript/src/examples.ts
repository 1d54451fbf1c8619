// The main flows written against the client: type-checked with the rest (tsc), so a change of the API that breaks
// them fails the build. Not shipped.
import { ApiError, BanterClient, type Tokens } from "./client";
import { RealtimeConnection } from "./realtime";

export async function mainFlows(baseUrl: string, idToken: string): Promise<void> {
  let stored: Tokens | null = null;
  const client = new BanterClient({
    baseUrl,
    tokens: { get: () => stored, set: (tokens) => { stored = tokens; } },
    onSignedOut: () => console.log("signed out: show the sign-in screen"),
  });

  const signIn = await client.signedIn(await client.post("/api/v1/auth/firebase", { body: { idToken } }));
  if (signIn.status === "REGISTRATION_REQUIRED" && signIn.registrationTicket) {
    await client.signedIn(await client.post("/api/v1/auth/register", {
      body: { registrationTicket: signIn.registrationTicket, fullName: "Asha Rao", username: "asha_r",
        dateOfBirth: "1998-04-12", gender: "FEMALE", language: "hi", interests: ["music"] },
    }));
  }

  const me = await client.get("/api/v1/me");
  console.log(me.username, me.premiumUntil);

  const order = await client.post("/api/v1/payments/orders", {
    headers: { "Idempotency-Key": "order-1" }, body: { packageId: "coins-100" },
  });
  const purchase = await client.post("/api/v1/payments/verify", {
    body: { orderId: order.orderId, paymentId: "pay_123", signature: "0".repeat(64) },
  });
  console.log(purchase.status, (await client.get("/api/v1/wallet")).coins.available);

  try {
    const call = await client.post("/api/v1/calls", { body: { calleeId: me.id, type: "AUDIO", carrier: "APP" } });
    await client.post("/api/v1/calls/{callId}/end", { path: { callId: call.call.id } });
  } catch (e) {
    if (e instanceof ApiError && e.code === "USER_OFFLINE") {
      console.log("try later");
    }
  }

  const realtime = new RealtimeConnection({ websocketUrl: baseUrl.replace(/^http/, "ws"), client });
  realtime.on("call.incoming", (event) => console.log(event.caller.username, event.callType));
  realtime.on("message.new", (event) => console.log(event.message.conversationId));
  await realtime.connect();
  realtime.send({ type: "typing", conversationId: me.id });
}
