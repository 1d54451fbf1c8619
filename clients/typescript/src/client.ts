// A small typed fetch wrapper over the generated paths, with the session rules of the Banter API built in:
//   - every request carries the access token; a 401 means it expired or was revoked: refresh once, then retry once
//     (sign-out too: a session whose access token expired must still be ended on the server);
//   - every refresh returns a NEW refresh token that replaces the old one (stored before anything else happens);
//   - presenting an old refresh token again signs the whole session out (the server revokes it), so refreshes are
//     single-flight: concurrent 401s wait for the one refresh in progress instead of each presenting the same token;
//   - a refresh that answers 401 or 403 means signed out: the tokens are cleared and onSignedOut is called.
import type { components, paths } from "./generated/api";

export type Problem = components["schemas"]["Problem"];
export type SignInResponse = components["schemas"]["SignInResponse"];

type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** The operation at a path and method, when there is one. */
export type Operation<P extends keyof paths, M extends HttpMethod> = Exclude<paths[P][M & keyof paths[P]], undefined>;

/** The paths that have an operation for method M. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: Operation<P, M> extends never ? never : P;
}[keyof paths];

type Parameters<O> = O extends { parameters: infer X } ? X : never;
type PathParameters<O> = Parameters<O> extends { path: infer X } ? X : undefined;
type QueryParameters<O> = Parameters<O> extends { query?: infer X } ? X : undefined;
type JsonOf<C> = C extends { content: { "application/json": infer B } } ? B : undefined;

export type RequestBody<O> = O extends { requestBody: infer B } ? JsonOf<B>
  : O extends { requestBody?: infer B } ? JsonOf<B> | undefined : undefined;

type SuccessStatus = 200 | 201 | 202 | 204;

/** What a successful answer holds (undefined for 204). */
export type ResponseBody<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends SuccessStatus ? JsonOf<R[S]> : never }[keyof R]
  : never;

export type RequestOptions<O> = {
  query?: QueryParameters<O>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
} & (PathParameters<O> extends undefined ? { path?: undefined } : { path: PathParameters<O> })
  & (RequestBody<O> extends undefined ? { body?: undefined } : { body: RequestBody<O> });

/** A refusal: the HTTP status and the problem document (its code says what happened). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined, readonly retryAfterSeconds?: number) {
    super(problem ? `${status} ${problem.code}: ${problem.detail ?? problem.title}` : `HTTP ${status}`);
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Where the app keeps the tokens (secure storage on the phone). */
export interface TokenStore {
  get(): Tokens | null | Promise<Tokens | null>;
  set(tokens: Tokens | null): void | Promise<void>;
}

export interface ClientOptions {
  /** e.g. https://api.banter.app */
  baseUrl: string;
  tokens: TokenStore;
  /** Called once when the session ended: a refresh token was refused (expired, revoked, or used twice). */
  onSignedOut?: () => void;
  fetch?: typeof fetch;
}

const REFRESH_PATH = "/api/v1/auth/refresh";
// The exchanges whose 401 says that the credential in their body is bad (refresh token, Firebase ID token,
// registration ticket), not the access token: a refresh would not help. Every other 401, logout's too, is refreshed.
const CREDENTIAL_EXCHANGES: ReadonlySet<string> = new Set([REFRESH_PATH, "/api/v1/auth/firebase",
  "/api/v1/auth/register", "/api/v1/auth/dev-login"]);

export class BanterClient {
  private refreshing: Promise<boolean> | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get<P extends PathsWith<"get">>(path: P, ...options: OptionalIfEmpty<Operation<P, "get">>) {
    return this.request("get", path, options[0] as RequestOptions<Operation<P, "get">>);
  }

  post<P extends PathsWith<"post">>(path: P, ...options: OptionalIfEmpty<Operation<P, "post">>) {
    return this.request("post", path, options[0] as RequestOptions<Operation<P, "post">>);
  }

  put<P extends PathsWith<"put">>(path: P, ...options: OptionalIfEmpty<Operation<P, "put">>) {
    return this.request("put", path, options[0] as RequestOptions<Operation<P, "put">>);
  }

  patch<P extends PathsWith<"patch">>(path: P, ...options: OptionalIfEmpty<Operation<P, "patch">>) {
    return this.request("patch", path, options[0] as RequestOptions<Operation<P, "patch">>);
  }

  delete<P extends PathsWith<"delete">>(path: P, ...options: OptionalIfEmpty<Operation<P, "delete">>) {
    return this.request("delete", path, options[0] as RequestOptions<Operation<P, "delete">>);
  }

  /** Signs in (or registers): stores the tokens of an AUTHENTICATED answer. */
  async signedIn(response: SignInResponse): Promise<SignInResponse> {
    if (response.status === "AUTHENTICATED" && response.accessToken && response.refreshToken) {
      await this.options.tokens.set({ accessToken: response.accessToken, refreshToken: response.refreshToken });
    }
    return response;
  }

  async request<P extends keyof paths, M extends HttpMethod>(method: M, path: P,
      options?: RequestOptions<Operation<P, M>>): Promise<ResponseBody<Operation<P, M>>> {
    const first = await this.send(method, path as string, options);
    if (first.status !== 401 || !(await this.options.tokens.get()) || CREDENTIAL_EXCHANGES.has(path as string)) {
      return this.read(first);
    }
    if (!(await this.refresh())) {
      return this.read(first);
    }
    return this.read(await this.send(method, path as string, options));
  }

  /** One refresh at a time: concurrent callers share it, so the same refresh token is never presented twice. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const tokens = await this.options.tokens.get();
    if (!tokens) {
      return false;
    }
    const response = await this.fetchImpl(this.options.baseUrl + REFRESH_PATH, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refreshToken: tokens.refreshToken }),
    });
    if (response.ok) {
      const body = (await response.json()) as SignInResponse;
      if (body.accessToken && body.refreshToken) {
        // The new refresh token replaces the old one at once: the old one now signs the session out.
        await this.options.tokens.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
        return true;
      }
    }
    if (response.status === 401 || response.status === 403) {
      await this.options.tokens.set(null);
      this.options.onSignedOut?.();
    }
    return false;
  }

  private async send(method: HttpMethod, path: string, options?: {
    path?: unknown; query?: unknown; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal;
  }): Promise<Response> {
    const tokens = await this.options.tokens.get();
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json",
      ...options?.headers };
    if (tokens) {
      headers.Authorization = `Bearer ${tokens.accessToken}`;
    }
    if (options?.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    return this.fetchImpl(this.options.baseUrl + url(path, options?.path, options?.query), {
      method: method.toUpperCase(),
      headers,
      body: options?.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options?.signal,
    });
  }

  private async read<T>(response: Response): Promise<T> {
    const text = await response.text();
    if (response.ok) {
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const retryAfter = response.headers.get("Retry-After");
    let problem: Problem | undefined;
    try {
      problem = text ? (JSON.parse(text) as Problem) : undefined;
    } catch {
      problem = undefined;
    }
    throw new ApiError(response.status, problem, retryAfter ? Number(retryAfter) : undefined);
  }
}

/** The options argument may be left out when nothing in it is required. */
type OptionalIfEmpty<O> = {} extends RequestOptions<O> ? [options?: RequestOptions<O>] : [options: RequestOptions<O>];

function url(template: string, path: unknown, query: unknown): string {
  let result = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String((path as Record<string, unknown> | undefined)?.[name] ?? "")));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      value.forEach((item) => search.append(key, String(item)));
    } else if (value !== undefined && value !== null) {
      search.append(key, String(value));
    }
  }
  const encoded = search.toString();
  return encoded ? `${result}?${encoded}` : result;
}
