import path from 'node:path';
import { fontsDir } from './paths.js';

// The one place besides config that writes process.env: libvips reads FONTCONFIG_FILE when
// sharp loads, so it must be set before sharp's first import (ESM imports hoist, hence a module).
// Our fonts.conf lists only the bundled fonts: a render is identical on every machine.
process.env.FONTCONFIG_FILE = path.join(fontsDir, 'fonts.conf');
