import { deleteChannel, getChannel } from '../modules/channels/channel.service.js';
import { cancelOnRemoval } from '../modules/scheduling/publication-actions.service.js';

/**
 * Removes a channel (admins): first cancels the publications that were still to go out on it,
 * as the dashboard's confirmation says, so none stays "scheduled" on a channel that no
 * longer exists. Throws NotFoundError when the channel does not exist.
 */
export async function removeChannel(id: string): Promise<void> {
  await getChannel(id);
  await cancelOnRemoval({ channelId: id }, 'The channel was removed.');
  await deleteChannel(id);
}
