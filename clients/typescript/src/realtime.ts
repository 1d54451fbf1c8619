// The websocket at /ws with typed events (from the AsyncAPI document at /asyncapi.json). It connects with a
// single-use ticket (POST /api/v1/realtime/tickets: React Native and browsers cannot set headers on a websocket),
// sends heartbeats at the interval the server's `ready` names, and reconnects with exponential backoff and jitter
// when the server restarts (close code 1012), could not open the socket for a moment or closed it for not reading what
// it sent (1013), failed (1011), closed it for too many frames (1008) or a frame too large (1009), or the network drops
// (1006) - never after a normal close (1000: the session was revoked) or a replacement (4001: a newer socket of the
// account is live), nor once a ticket is refused with 401 or 403 (signed out, banned). After a reconnect, catch up
// through the REST lists: events are delivered at most once, to the connections open at the time.
import { ApiError, type BanterClient } from "./client";
import type { components } from "./generated/events";

type Schemas = components["schemas"];
export type ServerEvent = Schemas["ServerEvent"];
export type ClientEvent = Schemas["ClientEvent"];
export type ServerEventType = ServerEvent["type"];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

export const SERVICE_RESTART = 1012;
/**
 * The server could not open the socket because Redis or the database was briefly out of reach, or the app did not
 * read what the server sent (it was frozen, or its network stalled): reconnect and catch up.
 */
export const TRY_AGAIN_LATER = 1013;
/** A failure on the server's side that it did not know to be passing: worth retrying, gently. */
const INTERNAL_ERROR = 1011;
/** Too many frames, or one too large: a client bug, but the backoff keeps a reconnecting client gentle. */
const POLICY_VIOLATION = 1008;
const MESSAGE_TOO_BIG = 1009;
const ABNORMAL = 1006;
const RECONNECT_AFTER = new Set([SERVICE_RESTART, TRY_AGAIN_LATER, INTERNAL_ERROR, POLICY_VIOLATION, MESSAGE_TOO_BIG,
  ABNORMAL]);

export interface RealtimeOptions {
  /** e.g. wss://api.banter.app */
  websocketUrl: string;
  client: BanterClient;
  /** First and largest delay between attempts. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  onClose?: (code: number, reason: string, willReconnect: boolean) => void;
}

export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private reconnecting: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = false;
  private readonly handlers = new Map<string, Set<(event: ServerEvent) => void>>();

  constructor(private readonly options: RealtimeOptions) {}

  /** Listens to one event type; returns the function that stops listening. */
  on<T extends ServerEventType>(type: T, handler: (event: ServerEventOf<T>) => void): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as (event: ServerEvent) => void);
    this.handlers.set(type, set);
    return () => set.delete(handler as (event: ServerEvent) => void);
  }

  send(event: ClientEvent): void {
    this.socket?.send(JSON.stringify(event));
  }

  async connect(): Promise<void> {
    this.stopped = false;
    this.cancelReconnect();
    await this.open();
  }

  /** Opens a socket unless close() came first; reconnects come here too, so that they never undo a close(). */
  private async open(): Promise<void> {
    const { ticket } = await this.options.client.post("/api/v1/realtime/tickets");
    if (this.stopped) {
      return; // closed while the ticket was on its way
    }
    const socket = new WebSocket(`${this.options.websocketUrl}/ws?ticket=${encodeURIComponent(ticket)}`);
    this.socket = socket;
    socket.onmessage = (message) => this.dispatch(JSON.parse(String(message.data)) as ServerEvent);
    socket.onclose = (close) => this.closed(close.code, close.reason);
  }

  /** Closes for good (sign-out, app in background): no reconnect. */
  close(): void {
    this.stopped = true;
    this.cancelReconnect();
    this.stopHeartbeat();
    this.socket?.close(1000);
  }

  private dispatch(event: ServerEvent): void {
    if (event.type === "ready") {
      this.attempt = 0;
      this.stopHeartbeat();
      this.heartbeat = setInterval(() => this.send({ type: "heartbeat" }), event.heartbeatIntervalSeconds * 1000);
    }
    this.handlers.get(event.type)?.forEach((handler) => handler(event));
  }

  private closed(code: number, reason: string): void {
    this.stopHeartbeat();
    const reconnect = !this.stopped && RECONNECT_AFTER.has(code);
    this.options.onClose?.(code, reason, reconnect);
    if (reconnect) {
      const initial = this.options.initialDelayMs ?? 1000;
      const max = this.options.maxDelayMs ?? 30000;
      const delay = Math.min(max, initial * 2 ** this.attempt++);
      this.reconnecting = setTimeout(() => {
        this.reconnecting = null;
        void this.open().catch((error) => this.reconnectFailed(error));
      }, delay / 2 + Math.random() * (delay / 2));
    }
  }

  /**
   * A ticket refused with 401 (the refresh failed too: signed out) or 403 (banned) will be refused again: stop rather
   * than ask for ever. Anything else (offline, 503) is retried with the backoff.
   */
  private reconnectFailed(error: unknown): void {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      this.stopped = true;
      this.options.onClose?.(ABNORMAL, `ticket refused (${error.status})`, false);
      return;
    }
    this.closed(ABNORMAL, "reconnect failed");
  }

  private cancelReconnect(): void {
    if (this.reconnecting) {
      clearTimeout(this.reconnecting);
      this.reconnecting = null;
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }
}
