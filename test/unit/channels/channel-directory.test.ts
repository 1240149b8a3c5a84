import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../server/config/index.js';
import { mongoDb } from '../../../server/lib/mongo.js';
import { redis } from '../../../server/lib/redis.js';
import { ChannelModel, channelWrites } from '../../../server/modules/channels/channel.model.js';
import { connectSandbox, getChannels } from '../../../server/modules/channels/channel.service.js';
import { startTestApp, type TestApp } from '../../setup/app.js';

let app: TestApp;
let a: string;
let b: string;

beforeAll(async () => {
  app = await startTestApp();
  a = (await connectSandbox({ platform: 'facebook', name: 'Annuaire A' })).id;
  b = (await connectSandbox({ platform: 'linkedin', name: 'Annuaire B' })).id;
});
afterAll(() => app.close());

/** A write that Mongoose's hooks do not see, as a script or another driver would make it. */
const rename = (id: string, name: string) =>
  mongoDb()
    .collection('channels')
    .updateOne({ _id: new Types.ObjectId(id) }, { $set: { name } });

describe('the channel directory (getChannels)', () => {
  it('returns the channels asked for, and nothing for unknown or malformed ids', async () => {
    const found = await getChannels([a, b, new Types.ObjectId().toString(), 'pas-un-id']);
    expect([...found.keys()].sort()).toEqual([a, b].sort());
    expect(found.get(a)?.platform).toBe('facebook');
    expect(found.get(b)).not.toHaveProperty('accessToken');
  });

  it('shows a write made through the model at once (its hook bumps the generation)', async () => {
    await getChannels([a]);
    await ChannelModel.updateOne({ _id: a }, { $set: { status: 'disabled' } });
    expect((await getChannels([a])).get(a)?.status).toBe('disabled');
    await ChannelModel.updateOne({ _id: a }, { $set: { status: 'connected' } });
    expect((await getChannels([a])).get(a)?.status).toBe('connected');
  });

  it('serves from memory until any process bumps the generation', async () => {
    await getChannels([b]);
    await rename(b, 'Renommée hors Mongoose');
    // Unseen: the directory did not read MongoDB again (the write bumped nothing).
    expect((await getChannels([b])).get(b)?.name).toBe('Annuaire B');
    // What another process's write through the model does.
    await channelWrites.bump();
    expect((await getChannels([b])).get(b)?.name).toBe('Renommée hors Mongoose');
  });

  it('reads MongoDB every time once Redis lost the generation', async () => {
    await redis().del(`${config().REDIS_PREFIX}:channels:gen`);
    await getChannels([a]);
    await rename(a, 'Vue sans génération');
    expect((await getChannels([a])).get(a)?.name).toBe('Vue sans génération');
  });
});
