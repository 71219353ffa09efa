import type { ServerInfo } from '../../core/api-types';
import { expiryChoices, formatExpiry } from '../../core/expiry';
import type { Config } from '../config';

/** `GET /api`: what a client needs to know before publishing (limits, API keys, allowed expiries). */
export function serverInfo(config: Config): ServerInfo {
  const { expiry } = config;
  return {
    service: 'share', version: config.version, limits: config.limits, requireApiKey: config.requireApiKey,
    expiry: { default: formatExpiry(expiry.default), max: formatExpiry(expiry.maxMs), never: expiry.allowNever, choices: expiryChoices(expiry) },
  };
}
