/**
 * Module-resolution hook for tests (loaded by ./record-imports.ts through module.register): append
 * every resolved URL to the file named by CGQ_IMPORT_LOG.
 */
import { appendFileSync } from 'node:fs';

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string }> {
  const r = await next(specifier, context);
  if (process.env.CGQ_IMPORT_LOG) appendFileSync(process.env.CGQ_IMPORT_LOG, `${r.url}\n`);
  return r;
}
