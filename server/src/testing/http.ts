import type { TestServer } from './test-server';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed JSON and wrong content types). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A small HTTP client for tests: the real app over a real socket. */
export function apiClient(baseUrl: string) {
  async function call<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    call,
    get: <T = any>(path: string, options?: RequestOptions) => call<T>('GET', path, options),
    post: <T = any>(path: string, body?: unknown, options?: RequestOptions) => call<T>('POST', path, { ...options, body }),
    patch: <T = any>(path: string, body?: unknown, options?: RequestOptions) => call<T>('PATCH', path, { ...options, body }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

export async function loginAs(server: TestServer, username: string): Promise<string> {
  const response = await apiClient(server.url).post('/api/v1/auth/login', { username, password: server.demoPassword });
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token as string;
}
