import mongoose from 'mongoose';
import { logger } from './logger.js';

mongoose.set('strictQuery', true);

/** Connects the process-wide Mongoose connection and builds every model's indexes. */
export async function connectMongo(uri: string, dbName?: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
    ...(dbName ? { dbName } : {}),
  });
  await syncIndexes();
  logger.debug({ db: mongoose.connection.name }, 'mongodb connected');
  return mongoose;
}

/** Builds the indexes of models registered after the connection (lazy imports). */
export async function syncIndexes(): Promise<void> {
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

export async function pingMongo(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

export function mongoDb() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  return db;
}
