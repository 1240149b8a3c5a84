import { type AxiosInstance, createHttpClient } from '../../../../lib/http-client.js';
import type { AdapterSettings } from '../platform.types.js';
import { send } from '../transport.js';
import { classifyFacebookError } from './errors.js';

export interface GraphCall {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Sent as `Authorization: Bearer`, never in the URL, so it cannot end up in an access log. */
  token?: string;
  params?: Record<string, string | number | boolean>;
  body?: unknown;
  what: string;
  /** The call creates a post: failures that may have created it become UnknownOutcomeError. */
  createsContent?: boolean;
}

/** A Graph API client bound to one base URL and version. */
export class GraphClient {
  readonly http: AxiosInstance;

  constructor(readonly settings: AdapterSettings) {
    this.http = createHttpClient({
      baseURL: `${settings.apiUrl.replace(/\/$/, '')}/${settings.apiVersion}`,
      ...(settings.timeoutMs ? { timeout: settings.timeoutMs } : {}),
    });
  }

  /** Performs a call and returns its JSON body, or throws the classified adapter error. */
  async call<T>(call: GraphCall): Promise<T> {
    const response = await send<T>(
      this.http,
      {
        method: call.method ?? 'GET',
        url: call.path,
        params: call.params,
        data: call.body,
        headers: call.token ? { Authorization: `Bearer ${call.token}` } : {},
      },
      { platform: 'facebook', what: call.what, createsContent: call.createsContent ?? false },
    );
    const data = response.data as unknown;
    const hasError = typeof data === 'object' && data !== null && 'error' in data;
    if (response.status >= 400 || hasError) {
      throw classifyFacebookError({
        status: response.status,
        data,
        headers: response.headers as Record<string, unknown>,
        createsContent: call.createsContent ?? false,
      });
    }
    return data as T;
  }
}
