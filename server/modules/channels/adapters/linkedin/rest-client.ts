import { type AxiosInstance, type AxiosResponse, createHttpClient } from '../../../../lib/http-client.js';
import type { AdapterSettings } from '../platform.types.js';
import { send } from '../transport.js';
import { classifyLinkedInError } from './errors.js';

export interface RestCall {
  method?: 'GET' | 'POST' | 'PUT';
  /** Path and query string, already encoded: Rest.li 2.0 needs `List(…)` kept literal. */
  url: string;
  token: string;
  body?: unknown;
  headers?: Record<string, string>;
  what: string;
  /** The call creates a post: failures that may have created it become UnknownOutcomeError. */
  createsContent?: boolean;
}

/** A LinkedIn versioned REST client: every call carries the version and Rest.li 2.0 headers. */
export class RestClient {
  readonly http: AxiosInstance;

  constructor(readonly settings: AdapterSettings) {
    this.http = createHttpClient(settings.timeoutMs ? { timeout: settings.timeoutMs } : {});
  }

  get apiBase(): string {
    return this.settings.apiUrl.replace(/\/$/, '');
  }

  get oauthBase(): string {
    return `${this.settings.oauthUrl.replace(/\/$/, '')}/oauth/v2`;
  }

  /** Performs a call; answers of 400 and above become classified adapter errors. */
  async call<T>(call: RestCall): Promise<AxiosResponse<T>> {
    const absolute = /^https?:\/\//.test(call.url);
    const response = await send<T>(
      this.http,
      {
        method: call.method ?? 'GET',
        url: absolute ? call.url : `${this.apiBase}${call.url}`,
        data: call.body,
        headers: {
          Authorization: `Bearer ${call.token}`,
          'LinkedIn-Version': this.settings.apiVersion,
          'X-Restli-Protocol-Version': '2.0.0',
          ...(call.body !== undefined && !Buffer.isBuffer(call.body)
            ? { 'Content-Type': 'application/json' }
            : {}),
          ...call.headers,
        },
      },
      { platform: 'linkedin', what: call.what, createsContent: call.createsContent ?? false },
    );
    if (response.status >= 400) {
      throw classifyLinkedInError({
        status: response.status,
        data: response.data,
        headers: response.headers as Record<string, unknown>,
        createsContent: call.createsContent ?? false,
      });
    }
    return response;
  }
}

/** `urn:li:organization:123` from `123` or from the URN itself. */
export function organizationUrn(externalId: string): string {
  return externalId.startsWith('urn:') ? externalId : `urn:li:organization:${externalId}`;
}
