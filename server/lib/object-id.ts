import { z } from 'zod';

/** A MongoDB ObjectId as it arrives in a path, query or body: 24 hexadecimal characters. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hexadecimal id');

/** True when `value` has the shape of an ObjectId (as `objectId` accepts it). */
export const isObjectId = (value: string): boolean => objectId.safeParse(value).success;
