import type { TestProject } from 'vitest/node';
import { startServer } from '../helpers/server';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/** One server for every browser test, started exactly as `npm start` does (wrangler dev, local R2/D1). */
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide('appUrl', server.url);
  return async () => { await server.stop(); };
}
