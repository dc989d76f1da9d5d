import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kahera hub</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto">
<h1>Kahera hub is running</h1>
<p>The terminal app has not been built yet. On the hub, run <code>npm run build:web</code>
and reload this page. The API is at <code>/api/v1</code>.</p>
</body></html>`;

/**
 * The built renderer at `/`, so any browser on the LAN can be a terminal, with SPA
 * fallback (client-side routes get index.html). API paths never fall back: an unknown
 * `/api/...` is a JSON 404.
 */
export async function registerRenderer(app: FastifyInstance, rendererDir: string): Promise<void> {
  const built = existsSync(join(rendererDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: ['index.html'],
      cacheControl: false, // set per file below
      setHeaders: (res, path) => {
        // Hashed assets never change; index.html must always be fresh to pick them up.
        res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') || path.startsWith('/socket.io') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      throw new DomainError('not_found', `No such endpoint: ${request.method} ${path}`);
    }
    if (!built) return reply.code(404).type('text/html; charset=utf-8').send(NOT_BUILT);
    // A client-side route (e.g. /cashier): the app's shell handles it.
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
