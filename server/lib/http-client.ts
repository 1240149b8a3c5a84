import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';

/**
 * The one place axios is configured. Platform adapters get their clients here, so
 * timeouts and the no-secret-in-errors policy are the same everywhere.
 */
export function createHttpClient(options: CreateAxiosDefaults = {}): AxiosInstance {
  return axios.create({
    timeout: 30_000,
    maxRedirects: 0,
    validateStatus: () => true,
    ...options,
  });
}

export type { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
export { axios };
