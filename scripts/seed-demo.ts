import { config } from '../server/config/index.js';
import { seedDemo } from '../server/modules/demo/demo.service.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `npm run seed:demo`: adds the demo hub to the database (idempotent). With the embedded database,
 * run it while the app is stopped, or point MONGODB_URI at the running server.
 */
const runtime = await openRuntime(config(), { embedded: config().NODE_ENV !== 'production' });
try {
  const { users } = await seedDemo();
  console.log('Demo data ready: 16 enterprises, 3 campaigns with draft ads.');
  if (users.length === 0) console.log('Demo accounts already existed; their passwords are unchanged.');
  if (config().NODE_ENV === 'production') {
    // A production terminal or log must never hold working passwords.
    for (const u of users) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
    if (users.length > 0) console.log('Their passwords are not shown in production: an admin sets new ones.');
  } else {
    for (const u of users) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`);
    if (users.length > 0)
      console.log('These passwords are shown once; keep them or change them after signing in.');
  }
} finally {
  await runtime.close();
}
