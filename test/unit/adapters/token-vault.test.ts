import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVault, TokenVaultError } from '../../../server/modules/channels/token-vault.js';

const key = () => randomBytes(32).toString('base64');

describe('token vault', () => {
  it('seals with AES-256-GCM and opens again; the sealed form shows nothing of the token', () => {
    const vault = new TokenVault(key());
    const sealed = vault.seal('EAAP-secret-page-token');
    expect(JSON.stringify(sealed)).not.toContain('secret');
    expect(sealed.iv).toHaveLength(16);
    expect(vault.open(sealed)).toBe('EAAP-secret-page-token');
    expect(vault.seal('same')).not.toEqual(vault.seal('same'));
  });

  it('refuses a tampered ciphertext', () => {
    const vault = new TokenVault(key());
    const sealed = vault.seal('token');
    const data = Buffer.from(sealed.data, 'base64');
    data[0]! ^= 1;
    expect(() => vault.open({ ...sealed, data: data.toString('base64') })).toThrow(TokenVaultError);
  });

  it('after a key rotation, opens old secrets with the old key and re-seals them with the new one', () => {
    const oldKey = key();
    const sealed = new TokenVault(oldKey).seal('token');
    const rotated = new TokenVault(key(), [oldKey]);
    expect(rotated.needsRotation(sealed)).toBe(true);
    const resealed = rotated.reseal(sealed);
    expect(resealed.keyId).toBe(rotated.currentKeyId);
    expect(rotated.open(resealed)).toBe('token');
    expect(() => new TokenVault(key()).open(sealed)).toThrow(/ENCRYPTION_KEYS_OLD/);
  });
});
