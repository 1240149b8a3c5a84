import type { Request, Response } from 'express';
import { authenticate, checkToken, ctx, type GraphToken, guardPage } from './graph-context.js';
import { GraphError, graphErrors } from './graph-errors.js';
import { type GraphNode, resolveNode } from './graph-nodes.js';
import { insightsBody, nodeBody } from './graph-read.js';

/** Graph answers a batch of more than 50 operations with this error, and runs none of them. */
export const BATCH_MAX = 50;

interface BatchOp {
  method?: unknown;
  relative_url?: unknown;
}

interface ParsedOp {
  nodeId: string;
  edge: '' | 'insights';
  params: Record<string, string>;
}

interface OpAnswer {
  code: number;
  headers: { name: string; value: string }[];
  body: string;
}

function parseBatch(value: unknown): BatchOp[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw graphErrors.invalidParam('(#100) param batch must be a JSON array of operations');
    }
  }
  if (!Array.isArray(list) || list.some((op) => !op || typeof op !== 'object')) {
    throw graphErrors.invalidParam('(#100) param batch must be a JSON array of operations');
  }
  if (list.length > BATCH_MAX) {
    throw graphErrors.invalidParam(
      `(#100) Too many requests in batch message. Maximum batch size is ${BATCH_MAX}`,
    );
  }
  return list as BatchOp[];
}

/** `{node}?a=b` or `{node}/insights?metric=…`, with or without a leading `/` and version. */
function parseOp(op: BatchOp): ParsedOp {
  const method = String(op.method ?? 'GET').toUpperCase();
  const url = typeof op.relative_url === 'string' ? op.relative_url : '';
  if (!url) throw graphErrors.invalidParam('(#100) Missing relative_url in a batch operation');
  const [rawPath = '', query = ''] = url.replace(/^\/+/, '').split('?');
  const parts = rawPath.split('/').filter(Boolean);
  if (/^v\d{1,2}\.\d$/.test(parts[0] ?? '')) parts.shift();
  const params = Object.fromEntries(new URLSearchParams(query));
  const nodeId = decodeURIComponent(parts[0] ?? '');
  const edge = parts[1] ?? '';
  if (method !== 'GET') throw graphErrors.unsupported(nodeId, method.toLowerCase());
  if (!nodeId || parts.length > 2 || (edge !== '' && edge !== 'insights')) {
    throw graphErrors.unknownPath(`/${parts.join('/')}`);
  }
  return { nodeId, edge: edge as ParsedOp['edge'], params };
}

/** A response stand-in that keeps the headers an operation's guard sets. */
function opResponse(res: Response, params: Record<string, string>): Response {
  const headers: Record<string, string> = {};
  const fake = {
    locals: { ...res.locals, graph: { ...ctx(res), params } },
    setHeader: (name: string, value: string) => {
      headers[name] = String(value);
      return fake;
    },
    getHeaders: () => headers,
  };
  return fake as unknown as Response;
}

function answer(fake: Response, code: number, body: unknown): OpAnswer {
  const headers = Object.entries(fake.getHeaders() as Record<string, string>).map(([name, value]) => ({
    name,
    value,
  }));
  headers.push({ name: 'Content-Type', value: 'application/json; charset=UTF-8' });
  return { code, headers, body: JSON.stringify(body) };
}

interface Resolved {
  op: ParsedOp;
  node: GraphNode;
  token: GraphToken;
  tokenKey: string;
}

/** Finds each operation's node and token; a Graph error becomes that operation's answer. */
async function resolveOp(res: Response, op: ParsedOp | GraphError, token: GraphToken) {
  if (op instanceof GraphError) return op;
  try {
    const raw = op.params.access_token;
    const own = raw ? await checkToken(raw, ctx(res).now) : token;
    return { op, node: await resolveNode(op.nodeId), token: own, tokenKey: raw ?? '' } satisfies Resolved;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
}

const kindOf = (op: ParsedOp) => (op.edge === 'insights' ? 'insights' : 'read');

/**
 * Guards the operations page by page: one pass through the page's checks that counts all of
 * that page's operations against its budget at once. Returns each group's headers or error.
 */
async function guardGroups(res: Response, resolved: (Resolved | GraphError)[]) {
  const groups = new Map<string, { fake: Response; error?: GraphError; count: number; first: Resolved }>();
  for (const r of resolved) {
    if (r instanceof GraphError) continue;
    const key = `${r.node.pageId}|${kindOf(r.op)}|${r.tokenKey}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { fake: opResponse(res, {}), count: 1, first: r });
  }
  await Promise.all(
    [...groups.values()].map(async (g) => {
      try {
        await guardPage(g.fake, g.first.token, g.first.node.pageId, kindOf(g.first.op), g.count);
      } catch (err) {
        if (!(err instanceof GraphError)) throw err;
        g.error = err;
      }
    }),
  );
  return (r: Resolved) => groups.get(`${r.node.pageId}|${kindOf(r.op)}|${r.tokenKey}`)!;
}

async function runOp(res: Response, r: Resolved, group: { fake: Response; error?: GraphError }) {
  const headers = group.fake.getHeaders() as Record<string, string>;
  const fake = opResponse(res, r.op.params);
  for (const [name, value] of Object.entries(headers)) fake.setHeader(name, value);
  if (group.error) return answer(fake, group.error.status, group.error.body());
  try {
    const body =
      r.op.edge === 'insights'
        ? await insightsBody(r.node, fake, r.op.params.metric)
        : nodeBody(r.node, fake, r.op.params.fields);
    return answer(fake, 200, body);
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return answer(fake, err.status, err.body());
  }
}

/**
 * POST /{v}/ with `batch=[{method, relative_url}, …]` (Graph batch requests): up to 50 GET
 * operations on nodes and post insights, each answered on its own as
 * `{code, headers:[{name,value}], body:"<JSON>"}`, in order, and each counted against the
 * page's budget like a call of its own (the page's checks run once for all its operations). A bad operation fails alone; a bad batch (not an
 * array, more than 50) fails the whole request.
 */
export async function postBatch(req: Request, res: Response): Promise<void> {
  const ops = parseBatch(ctx(res).params.batch);
  const token = await authenticate(req, res);
  const parsed = ops.map((op) => {
    try {
      return parseOp(op);
    } catch (err) {
      if (err instanceof GraphError) return err;
      throw err;
    }
  });
  const resolved = await Promise.all(parsed.map((op) => resolveOp(res, op, token)));
  const groupOf = await guardGroups(res, resolved);
  const answers = await Promise.all(
    resolved.map((r) =>
      r instanceof GraphError ? answer(opResponse(res, {}), r.status, r.body()) : runOp(res, r, groupOf(r)),
    ),
  );
  res.json(answers);
}
