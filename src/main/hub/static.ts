import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kahera hub</title></head>
<body>
<h1>Kahera hub is running</h1>
<p>The terminal app has not been built yet. On the hub, run <code>npm run build:web</code>
and reload this page. The API is at <code>/api/v1</code>.</p>
</body></html>`;

/**
 * A path that names something outside the renderer's folder however it is decoded:
 * a `..` segment (also percent-encoded, once or twice, or with backslashes) or a NUL.
 * Such a request is answered 404, like any file that is not there: 403 is the answer to
 * a role that may not do something, and a probe learns nothing from the difference.
 */
export function isTraversal(path: string): boolean {
  let p = path;
  for (let i = 0; i < 3; i++) {
    if (/(^|[\\/])\.\.([\\/]|$)/.test(p) || p.includes('\0')) return true;
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      return false;
    }
    if (next === p) return false;
    p = next;
  }
  return /(^|[\\/])\.\.([\\/]|$)/.test(p) || p.includes('\0');
}

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
      // Refused paths go to the not-found handler below, which answers them 404.
      allowedPath: (pathname) => !isTraversal(pathname),
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
    if (path.startsWith('/api/') || path.startsWith('/socket.io') || (request.method !== 'GET' && request.method !== 'HEAD') || isTraversal(path)) {
      throw new DomainError('not_found', `No such endpoint: ${request.method} ${path}`);
    }
    if (!built) return reply.code(404).type('text/html; charset=utf-8').send(NOT_BUILT);
    // A client-side route (e.g. /cashier): the app's shell handles it.
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
