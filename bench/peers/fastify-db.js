// The TechEmpower database tests for the Fastify peer (/db, /queries, /fortunes, /updates), the way
// TechEmpower's own Fastify entry does them: porsager's `postgres` driver, which prepares every
// statement and pipelines concurrent queries on a connection, response schemas for the JSON
// (fast-json-stringify) and @fastify/view with Handlebars for the Fortunes template.
'use strict';
const path = require('node:path');
const postgres = require('postgres');

// Pool size: TechEmpower's entry runs one process per core with max: 1 and relies on the driver's
// pipelining; this peer is one process, so it gets a few connections (PG_POOL, default 8).
const poolSize = Number(process.env.PG_POOL || 8);

const randomId = () => Math.floor(Math.random() * 10000) + 1;
const queryCount = (q) => Math.min(Math.max(parseInt(q, 10) || 1, 1), 500);

const world = {
  type: 'object',
  properties: { id: { type: 'integer' }, randomNumber: { type: 'integer' } },
};
const worlds = { type: 'array', items: world };

module.exports = function addDbRoutes(fastify, url) {
  const sql = postgres(url, { max: poolSize });

  fastify.register(require('@fastify/view'), {
    engine: { handlebars: require('handlebars') },
    root: path.join(__dirname, 'views'),
  });

  const getWorld = (id) =>
    sql`SELECT id, randomnumber AS "randomNumber" FROM world WHERE id = ${id}`.then((rows) => rows[0]);
  const getWorlds = (n) => {
    const all = [];
    for (let i = 0; i < n; i++) all.push(getWorld(randomId()));
    return Promise.all(all);
  };

  fastify.get('/db', { schema: { response: { 200: world } } }, async (req, reply) => {
    reply.header('Server', 'fastify');
    return getWorld(randomId());
  });

  fastify.get('/queries', { schema: { response: { 200: worlds } } }, async (req, reply) => {
    reply.header('Server', 'fastify');
    return getWorlds(queryCount(req.query.queries));
  });

  fastify.get('/fortunes', async (req, reply) => {
    const fortunes = await sql`SELECT id, message FROM fortune`;
    fortunes.push({ id: 0, message: 'Additional fortune added at request time.' });
    fortunes.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    reply.header('Server', 'fastify').header('Content-Type', 'text/html; charset=utf-8');
    return reply.view('fortunes.hbs', { fortunes });
  });

  // Reads each world with its own query, then writes them all with one UPDATE (sorted by id, so
  // concurrent updates take row locks in the same order).
  fastify.get('/updates', { schema: { response: { 200: worlds } } }, async (req, reply) => {
    const list = await getWorlds(queryCount(req.query.queries));
    const latest = new Map();  // an id drawn twice is stored once, with its last number
    for (const w of list) {
      w.randomNumber = randomId();
      latest.set(w.id, w.randomNumber);
    }
    for (const w of list) w.randomNumber = latest.get(w.id);
    const rows = [...latest].sort((a, b) => a[0] - b[0]);
    await sql`UPDATE world SET randomnumber = v.r::int FROM (VALUES ${sql(rows)}) AS v(id, r)
              WHERE world.id = v.id::int`;
    reply.header('Server', 'fastify');
    return list;
  });
};
