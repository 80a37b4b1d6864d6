import type { ApiErrorBody, ApiErrorCode } from "./errors";

/** The client-side twin of ApiError, rebuilt from the JSON body, so UI code switches on `code`. */
export class ApiClientError extends Error {
  constructor(
    readonly code: ApiErrorCode | "network_error",
    message: string,
    readonly status: number,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export async function apiFetch<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiClientError("network_error", "Could not reach the studio. Check your connection and try again.", 0);
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: handled below
  }
  if (!res.ok) {
    const err = (json as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiClientError(
      err?.code ?? "internal_error",
      err?.message ?? `The studio answered ${res.status}. Try again.`,
      res.status,
      err?.fields,
    );
  }
  return json as T;
}
