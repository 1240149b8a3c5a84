import { Router } from 'express';
import { objectId } from '../../lib/object-id.js';
import { parseInput } from '../../lib/validate.js';
import { timeTotalsQuery } from './time-entry.schemas.js';
import {
  createTimeEntry,
  deleteTimeEntry,
  getTimeEntry,
  listTimeEntries,
  monthTime,
  updateTimeEntry,
} from './time-entry.service.js';

/**
 * /api/v1/time-entries: staff log, change and delete the strategist's time per member; a
 * member reads its own enterprise's entries and totals only.
 */
export const timeEntryRouter = Router();
const id = (value: unknown) => parseInput(objectId, value, 'Time entry id');

timeEntryRouter.get('/', async (req, res) => {
  res.json({ data: await listTimeEntries(req.user!, req.query as Record<string, string>) });
});

/** `?month=YYYY-MM`: minutes and cost per member. */
timeEntryRouter.get('/totals', async (req, res) => {
  const { month } = parseInput(timeTotalsQuery, req.query, 'Query');
  res.json(await monthTime(req.user!, month));
});

timeEntryRouter.post('/', async (req, res) => {
  res.status(201).json(await createTimeEntry(req.user!, req.body));
});

timeEntryRouter.get('/:id', async (req, res) => {
  res.json(await getTimeEntry(req.user!, id(req.params.id)));
});

timeEntryRouter.patch('/:id', async (req, res) => {
  res.json(await updateTimeEntry(req.user!, id(req.params.id), req.body));
});

timeEntryRouter.delete('/:id', async (req, res) => {
  await deleteTimeEntry(req.user!, id(req.params.id));
  res.status(204).end();
});
