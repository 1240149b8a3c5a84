import { model, Schema } from 'mongoose';

/** The hub's settings: one document, `_id: 'hub'`. */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The shared strategist's hourly rate, in `currency`, before taxes. */
    strategistHourlyRate: { type: Number, required: true, min: 0, max: 10_000 },
    currency: { type: String, enum: ['CAD'], required: true, default: 'CAD' },
    updatedBy: { type: String },
  },
  { timestamps: true },
);

export interface SettingsDoc {
  _id: string;
  strategistHourlyRate: number;
  currency: 'CAD';
  updatedBy?: string;
  updatedAt?: Date;
}
export const SettingsModel = model('Settings', settingsSchema);
