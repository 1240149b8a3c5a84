import { NotFoundError } from '../../lib/errors.js';
import { parseInput } from '../../lib/validate.js';
import type { PublicUser } from '../users/user.service.js';
import { type SettingsDoc, SettingsModel } from './settings.model.js';
import { type SettingsInput, settingsSchema } from './settings.schemas.js';

/** The hub's settings as they leave this module. */
export interface HubSettings {
  /** Dollars per hour of the shared strategist; 0 until an admin sets it. */
  strategistHourlyRate: number;
  currency: 'CAD';
  updatedAt: Date | null;
}

const toSettings = (doc: SettingsDoc | null): HubSettings => ({
  strategistHourlyRate: doc?.strategistHourlyRate ?? 0,
  currency: 'CAD',
  updatedAt: doc?.updatedAt ?? null,
});

/** The hub's settings (defaults when never saved). Anyone signed in may read them. */
export async function getSettings(): Promise<HubSettings> {
  return toSettings(await SettingsModel.findById('hub').lean<SettingsDoc>());
}

/** Saves the hub's settings; admins only (others get 404). Throws ValidationError naming the field. */
export async function updateSettings(user: PublicUser, input: SettingsInput): Promise<HubSettings> {
  if (user.role !== 'admin') throw new NotFoundError();
  const values = parseInput(settingsSchema, input, 'Settings');
  await SettingsModel.updateOne(
    { _id: 'hub' },
    { $set: { ...values, updatedBy: user.id } },
    { upsert: true, runValidators: true },
  );
  return getSettings();
}
