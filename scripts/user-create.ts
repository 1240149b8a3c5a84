import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { config } from '../server/config/index.js';
import { AppError } from '../server/lib/errors.js';
import { parseInput } from '../server/lib/validate.js';
import { createUserSchema } from '../server/modules/users/user.schemas.js';
import { createUser } from '../server/modules/users/user.service.js';
import { openRuntime } from '../server/runtime.js';

const usage = `Usage: npm run user:create -- --email a@b.example --role admin|strategist|member --name "Name"
       [--enterprise <enterpriseId>] (members) [--password <at least 12 characters>] [--locale fr|en]
Without --password, you are asked for one (leave it empty to generate one); it is printed once.`;

/** `npm run user:create`: creates one user and prints its password once. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      enterprise: { type: 'string' },
      password: { type: 'string' },
      locale: { type: 'string', default: 'fr' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.email || !values.role || !values.name) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  let password = values.password ?? (await ask());
  const generated = !password;
  if (!password) password = randomBytes(15).toString('base64url');

  const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
  try {
    const input = parseInput(
      createUserSchema,
      {
        email: values.email,
        name: values.name,
        role: values.role,
        enterpriseId: values.enterprise,
        password,
        locale: values.locale,
      },
      'User',
    );
    const user = await createUser(input);
    console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
    if (generated) console.log(`Password (shown once): ${password}`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const details = (err.details as { field: string; message: string }[] | undefined) ?? [];
    console.error([err.message, ...details.map((d) => `  ${d.field}: ${d.message}`)].join('\n'));
    return 1;
  } finally {
    await runtime.close();
  }
}

async function ask(): Promise<string> {
  if (!process.stdin.isTTY) return '';
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('Password (at least 12 characters; empty to generate one): ')).trim();
  } finally {
    rl.close();
  }
}

process.exitCode = await main();
