import { config } from '../server/config/index.js';
import { rotateTokenEncryption } from '../server/modules/channels/channel-tokens.service.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `npm run tokens:rotate`: after setting a new ENCRYPTION_KEY and moving the previous one
 * to ENCRYPTION_KEYS_OLD, re-encrypts every stored platform token with the new key. Once
 * it reports success, the old key can be removed from ENCRYPTION_KEYS_OLD.
 */
const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
try {
  const count = await rotateTokenEncryption();
  console.log(`Re-encrypted the tokens of ${count} channel(s) with the current key.`);
} finally {
  await runtime.close();
}
