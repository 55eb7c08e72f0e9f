import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis } from '../../server/store/embedded';

/** Starts one real redis-server on a free port for the whole run; each test uses its own tenant prefix. */
export default async function setup(project: TestProject) {
  const redis = await startEmbeddedRedis();
  project.provide('redisUrl', redis.url);
  return async () => redis.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
