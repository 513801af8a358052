// Fastify peer for bench/compare: TechEmpower /plaintext and /json, single process, logger off;
// with DATABASE_URL set also the database tests (fastify-db.js).
// Usage: node fastify.js [PORT]   (or PORT in the environment; default 3000)
'use strict';
const fastify = require('fastify')({ logger: false });

const port = Number(process.argv[2] || process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

fastify.get('/plaintext', (req, reply) => {
  reply.header('Server', 'fastify').header('Content-Type', 'text/plain').send('Hello, World!');
});

// The object is built and serialized per request, as the rules require. An explicit serializer
// keeps the Content-Type exactly "application/json" (Fastify's default JSON path appends
// "; charset=utf-8"); without a response schema Fastify's default serializer is JSON.stringify too.
fastify.get('/json', (req, reply) => {
  reply
    .header('Server', 'fastify')
    .header('Content-Type', 'application/json')
    .serializer(JSON.stringify)
    .send({ message: 'Hello, World!' });
});

if (process.env.DATABASE_URL) require('./fastify-db')(fastify, process.env.DATABASE_URL);

fastify.listen({ port, host }, (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log(`fastify on port ${port}`);
});
