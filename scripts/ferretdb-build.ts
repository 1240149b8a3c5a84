import { ensureFerretdbBinary } from '../server/lib/embedded/ferretdb.js';

/** `npm run ferretdb:build`: builds and caches the FerretDB launcher unless it is cached already. */
const binary = ensureFerretdbBinary();
console.log(`FerretDB launcher ready: ${binary}`);
