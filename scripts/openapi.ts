/** Writes the OpenAPI document of the HTTP API to docs/openapi.json (`npm run docs:openapi`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiJson } from '../server/http/openapi';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

writeFileSync(OPENAPI_FILE, openApiJson());
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
