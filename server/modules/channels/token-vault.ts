import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { config } from '../../config/index.js';

/** A secret as stored: AES-256-GCM ciphertext, with the id of the key that sealed it. */
export interface SealedSecret {
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

export class TokenVaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenVaultError';
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

function toKey(base64: string): Key {
  const bytes = Buffer.from(base64.trim(), 'base64');
  if (bytes.length !== 32) throw new TokenVaultError('An encryption key is not 32 bytes of base64.');
  // The id identifies the key without revealing it: a short hash.
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 12), bytes };
}

/**
 * Encrypts tokens at rest. New secrets are sealed with the current key; secrets sealed
 * with an old key (rotation) still open, and `needsRotation` tells which to re-seal.
 */
export class TokenVault {
  private readonly current: Key;
  private readonly byId: Map<string, Key>;

  constructor(currentKey: string, oldKeys: string[] = []) {
    this.current = toKey(currentKey);
    this.byId = new Map([this.current, ...oldKeys.filter(Boolean).map(toKey)].map((k) => [k.id, k]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  seal(plain: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      keyId: this.current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedSecret): string {
    const key = this.byId.get(sealed.keyId);
    if (!key) {
      throw new TokenVaultError(
        `Token sealed with unknown key ${sealed.keyId}: add the old key to ENCRYPTION_KEYS_OLD or reconnect the channel.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new TokenVaultError(
        `Token sealed with key ${sealed.keyId} could not be decrypted (tampered or wrong key).`,
      );
    }
  }

  needsRotation(sealed: SealedSecret): boolean {
    return sealed.keyId !== this.current.id;
  }

  /** Opens with whatever key sealed it and seals again with the current key. */
  reseal(sealed: SealedSecret): SealedSecret {
    return this.needsRotation(sealed) ? this.seal(this.open(sealed)) : sealed;
  }
}

let cached: { key: string; old: string; vault: TokenVault } | undefined;

/** The vault for the current configuration (ENCRYPTION_KEY, ENCRYPTION_KEYS_OLD). */
export function tokenVault(): TokenVault {
  const cfg = config();
  const old = cfg.ENCRYPTION_KEYS_OLD ?? '';
  if (!cached || cached.key !== cfg.ENCRYPTION_KEY || cached.old !== old) {
    cached = { key: cfg.ENCRYPTION_KEY, old, vault: new TokenVault(cfg.ENCRYPTION_KEY, old.split(',')) };
  }
  return cached.vault;
}
