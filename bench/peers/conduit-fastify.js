// The RealWorld "Conduit" API (spec: shared/conformance/realworld/openapi.yml) on Fastify 5 and
// PostgreSQL through `pg`: the Node peer of apps/conduit for bench/conduit-compare. Written as a
// Node service would be for production: a pg Pool, prepared statements, response schemas
// (fast-json-stringify), JWT (HS256) in `Authorization: Token <jwt>`, scrypt password hashes, and
// each article list (with author, following, favorited, favoritesCount and tags) in one query.
// Usage: DATABASE_URL=postgres://... node conduit-fastify.js [PORT]
// Environment: PORT (default 3000), HOST (default 127.0.0.1), DATABASE_URL (required; the tables
//   are created there at start if missing), PG_POOL (connections, default 16), JWT_SECRET (default
//   random per process: tokens then die with it), LOG (1: Fastify's request log on stdout).
'use strict';
const crypto = require('node:crypto');
const { promisify } = require('node:util');
const { Pool } = require('pg');
const jwt = require('jsonwebtoken');

const port = Number(process.argv[2] || process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('conduit-fastify: DATABASE_URL is not set');
  process.exit(2);
}
const jwtSecret = process.env.JWT_SECRET || crypto.randomBytes(32).toString('hex');
const jwtTtl = '30d';

const pool = new Pool({ connectionString: databaseUrl, max: Number(process.env.PG_POOL || 16) });
pool.on('error', (err) => console.error('conduit-fastify: idle pg client error:', err.message));

// ---- schema ------------------------------------------------------------------------------------

const ddl = `
CREATE TABLE IF NOT EXISTS users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  bio           text NOT NULL DEFAULT '',
  image         text NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS follows (
  follower_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  followee_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX IF NOT EXISTS follows_followee ON follows (followee_id);
CREATE TABLE IF NOT EXISTS articles (
  id          bigserial PRIMARY KEY,
  slug        text NOT NULL UNIQUE,
  title       text NOT NULL,
  description text NOT NULL,
  body        text NOT NULL,
  author_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS articles_recent ON articles (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_author ON articles (author_id, created_at DESC);
CREATE TABLE IF NOT EXISTS tags (
  id   bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS article_tags (
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  tag_id     bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX IF NOT EXISTS article_tags_tag ON article_tags (tag_id);
CREATE TABLE IF NOT EXISTS favorites (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, article_id)
);
CREATE INDEX IF NOT EXISTS favorites_article ON favorites (article_id);
CREATE TABLE IF NOT EXISTS comments (
  id         bigserial PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  author_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS comments_article ON comments (article_id, created_at);
`;

async function migrate() {
  const client = await pool.connect();
  try {
    // Two servers starting on one database at once must not race on CREATE ... IF NOT EXISTS.
    await client.query('SELECT pg_advisory_lock(7304611)');
    try {
      await client.query(ddl);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7304611)');
    }
  } finally {
    client.release();
  }
}

// ---- errors ------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, field, message) {
    super(`${field} ${message}`);
    this.statusCode = status;
    this.errors = { [field]: [message] };
  }
}
const unprocessable = (field, message) => new ApiError(422, field, message);
const unauthorized = (message = 'is missing') => new ApiError(401, 'token', message);
const forbidden = (what) => new ApiError(403, what, 'is not yours');
const notFound = (what) => new ApiError(404, what, 'not found');

// Fastify's validation errors (ajv) as RealWorld's {"errors":{"field":["message"]}}.
function validationErrors(validation) {
  const errors = {};
  for (const v of validation) {
    let field = v.params && v.params.missingProperty;
    if (!field) {
      const parts = (v.instancePath || '').split('/').filter(Boolean);
      field = parts.filter((p) => !/^\d+$/.test(p)).pop() || 'body';
    }
    let message;
    if (v.keyword === 'required' || v.keyword === 'minLength') message = "can't be blank";
    else if (v.keyword === 'type' || v.keyword === 'format') message = 'is invalid';
    else message = v.message || 'is invalid';
    (errors[field] ||= []).push(message);
  }
  return errors;
}

// ---- passwords and tokens ----------------------------------------------------------------------

const scrypt = promisify(crypto.scrypt);
async function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}
async function verifyPassword(password, stored) {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return crypto.timingSafeEqual(key, expected);
}
const signToken = (user) =>
  jwt.sign({ username: user.username }, jwtSecret, { subject: String(user.id), expiresIn: jwtTtl, algorithm: 'HS256' });

// Sets request.user = {id, token} when the request carries a valid token; throws 401 on a bad one.
function readToken(request) {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^(?:Token|Bearer)\s+(\S+)$/i.exec(header);
  if (!m) throw unauthorized('is malformed');
  let claims;
  try {
    claims = jwt.verify(m[1], jwtSecret, { algorithms: ['HS256'] });
  } catch {
    throw unauthorized('is invalid');
  }
  const id = Number(claims.sub);
  if (!Number.isSafeInteger(id) || id <= 0) throw unauthorized('is invalid');
  return { id, token: m[1] };
}
async function optionalAuth(request) {
  request.user = readToken(request);
}
async function requireAuth(request) {
  request.user = readToken(request);
  if (!request.user) throw unauthorized();
}

// ---- response schemas --------------------------------------------------------------------------

const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const profile = {
  type: 'object',
  required: ['username', 'bio', 'image', 'following'],
  properties: { username: str, bio: str, image: str, following: { type: 'boolean' } },
};
const articleProps = {
  slug: str,
  title: str,
  description: str,
  tagList: { type: 'array', items: str },
  createdAt: dateTime,
  updatedAt: dateTime,
  favorited: { type: 'boolean' },
  favoritesCount: { type: 'integer' },
  author: profile,
};
const listedArticle = { type: 'object', properties: articleProps };  // no body in lists (spec 1.1)
const article = { type: 'object', properties: { ...articleProps, body: str } };
const comment = {
  type: 'object',
  properties: { id: { type: 'integer' }, createdAt: dateTime, updatedAt: dateTime, body: str, author: profile },
};
const user = {
  type: 'object',
  properties: { email: str, token: str, username: str, bio: str, image: str },
};
const userResponse = { 200: { type: 'object', properties: { user } } };
const profileResponse = { 200: { type: 'object', properties: { profile } } };
const articleResponse = (status = 200) => ({ [status]: { type: 'object', properties: { article } } });
const articlesResponse = {
  200: {
    type: 'object',
    properties: { articles: { type: 'array', items: listedArticle }, articlesCount: { type: 'integer' } },
  },
};

// Request schemas: ajv checks them; failures become 422 in the error handler.
const nonBlank = { type: 'string', minLength: 1 };
const optionalText = { type: ['string', 'null'] };
const wrapped = (key, props, required = []) => ({
  type: 'object',
  required: [key],
  properties: { [key]: { type: 'object', required, properties: props } },
});
const pageQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
    offset: { type: 'integer', minimum: 0, default: 0 },
  },
};

// ---- queries -----------------------------------------------------------------------------------

const toProfile = (row, following) => ({
  username: row.username,
  bio: row.bio,
  image: row.image,
  following,
});

// The article columns for the viewer $1 (0 when anonymous: no user has id 0) over rows `a` of
// articles joined with their author `u`; everything per article comes from index lookups.
const articleColumns = (withBody) => `
  a.id, a.slug, a.title, a.description,${withBody ? ' a.body,' : ''} a.created_at, a.updated_at,
  u.username, u.bio, u.image,
  ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_list,
  (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)::int AS favorites_count,
  EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1) AS favorited,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = $1 AND fo.followee_id = a.author_id) AS following`;

const toArticle = (row) => ({
  slug: row.slug,
  title: row.title,
  description: row.description,
  body: row.body,
  tagList: row.tag_list,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  favorited: row.favorited,
  favoritesCount: row.favorites_count,
  author: toProfile(row, row.following),
});

const articleBySlugSql = {
  name: 'article_by_slug',
  text: `SELECT ${articleColumns(true)} FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = $2`,
};
async function loadArticle(slug, viewerId) {
  const { rows } = await pool.query({ ...articleBySlugSql, values: [viewerId || 0, slug] });
  if (!rows.length) throw notFound('article');
  return toArticle(rows[0]);
}

// One statement per combination of filters (so each is prepared once per connection): the page of
// articles with everything it shows, plus the total count, in one round trip. The count comes
// with the page through a LEFT JOIN, so an empty page still yields one row holding it.
const listSql = new Map();
function listStatement(filters) {
  const key = `list:${filters.join(',')}`;
  let text = listSql.get(key);
  if (!text) {
    // $1 viewer, $2 limit, $3 offset, then one parameter per filter.
    const where = filters.map((f, i) => {
      const p = `$${i + 4}`;
      switch (f) {
        case 'tag':
          return `EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
                          WHERE at.article_id = a.id AND t.name = ${p})`;
        case 'author':
          return `a.author_id = (SELECT id FROM users WHERE username = ${p})`;
        case 'favorited':
          return `EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
                          WHERE f.article_id = a.id AND fu.username = ${p})`;
        case 'feed':
          return `a.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1)`;
        default:
          throw new Error(`unknown filter ${f}`);
      }
    });
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    text = `
      SELECT c.total, p.* FROM (SELECT count(*)::int AS total FROM articles a ${cond}) c
      LEFT JOIN (
        SELECT ${articleColumns(false)}
        FROM (SELECT * FROM articles a ${cond} ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3) a
        JOIN users u ON u.id = a.author_id
      ) p ON true
      ORDER BY p.created_at DESC, p.id DESC`;
    listSql.set(key, text);
  }
  return { name: key, text };
}
async function listArticles(viewerId, filters, values, { limit, offset }) {
  const { rows } = await pool.query({
    ...listStatement(filters),
    values: [viewerId || 0, limit, offset, ...values],
  });
  const articlesCount = rows.length ? rows[0].total : 0;
  const articles = rows.filter((r) => r.slug !== null).map(toArticle);
  return { articles, articlesCount };
}

async function userById(id) {
  const { rows } = await pool.query({
    name: 'user_by_id',
    text: 'SELECT id, username, email, bio, image FROM users WHERE id = $1',
    values: [id],
  });
  if (!rows.length) throw unauthorized('names no user');
  return rows[0];
}
const userBody = (u, token) => ({
  user: { email: u.email, token, username: u.username, bio: u.bio, image: u.image },
});

async function profileOf(username, viewerId) {
  const { rows } = await pool.query({
    name: 'profile',
    text: `SELECT u.id, u.username, u.bio, u.image,
             EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = u.id) AS following
           FROM users u WHERE u.username = $1`,
    values: [username, viewerId || 0],
  });
  if (!rows.length) throw notFound('profile');
  return rows[0];
}

// 23505 unique_violation on users: which field was taken.
function takenField(err) {
  if (err.code !== '23505') return null;
  if (/email/.test(err.constraint || err.detail || '')) return 'email';
  if (/username/.test(err.constraint || err.detail || '')) return 'username';
  return 'user';
}

const slugify = (title) =>
  title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'article';
const uniqueSuffix = () => crypto.randomBytes(4).toString('hex');

// Stores the tags of an article (inside the caller's transaction).
async function setTags(client, articleId, tagList) {
  await client.query('DELETE FROM article_tags WHERE article_id = $1', [articleId]);
  const names = [...new Set(tagList.map((t) => t.trim()).filter(Boolean))];
  if (!names.length) return;
  await client.query(
    `WITH ins AS (
       INSERT INTO tags (name) SELECT unnest($2::text[]) ON CONFLICT (name) DO NOTHING RETURNING id
     )
     INSERT INTO article_tags (article_id, tag_id)
     SELECT $1::bigint, id FROM ins UNION SELECT $1::bigint, id FROM tags WHERE name = ANY ($2::text[])
     ON CONFLICT DO NOTHING`,
    [articleId, names],
  );
}

async function inTransaction(fn) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function articleOwnedBy(slug, userId) {
  const { rows } = await pool.query({
    name: 'article_owner',
    text: 'SELECT id, author_id FROM articles WHERE slug = $1',
    values: [slug],
  });
  if (!rows.length) throw notFound('article');
  if (userId !== undefined && Number(rows[0].author_id) !== userId) throw forbidden('article');
  return Number(rows[0].id);
}

// ---- the app -----------------------------------------------------------------------------------

const fastify = require('fastify')({ logger: process.env.LOG === '1' });

// Clients (the RealWorld Postman collection among them) send Content-Type: application/json on
// requests without a body; Fastify's own parser rejects those, so an empty body parses as {}.
fastify.removeContentTypeParser('application/json');
fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1 << 20 }, (req, body, done) => {
  if (body === '' || /^\s*$/.test(body)) return done(null, {});
  try {
    done(null, JSON.parse(body));
  } catch {
    done(unprocessable('body', 'is not valid JSON'));
  }
});

fastify.setErrorHandler((err, request, reply) => {
  if (err instanceof ApiError) return reply.code(err.statusCode).send({ errors: err.errors });
  if (err.validation) return reply.code(422).send({ errors: validationErrors(err.validation) });
  if (err.statusCode && err.statusCode < 500) {
    return reply.code(err.statusCode).send({ errors: { request: [err.message] } });
  }
  request.log.error(err);
  if (!fastify.log.level || fastify.log.level === 'silent') console.error(err);
  return reply.code(500).send({ errors: { server: ['internal error'] } });
});
fastify.setNotFoundHandler((request, reply) => reply.code(404).send({ errors: { route: ['not found'] } }));

fastify.register(
  async (api) => {
    // -- users --
    api.post(
      '/users',
      {
        schema: {
          body: wrapped('user', { username: nonBlank, email: nonBlank, password: nonBlank }, ['username', 'email', 'password']),
          response: { 201: userResponse[200] },
        },
      },
      async (request, reply) => {
        const { username, email, password } = request.body.user;
        const hash = await hashPassword(password);
        let row;
        try {
          ({ rows: [row] } = await pool.query(
            `INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
             RETURNING id, username, email, bio, image`,
            [username, email, hash],
          ));
        } catch (err) {
          const field = takenField(err);
          if (field) throw unprocessable(field, 'has already been taken');
          throw err;
        }
        reply.code(201);
        return userBody(row, signToken(row));
      },
    );

    api.post(
      '/users/login',
      {
        schema: {
          body: wrapped('user', { email: nonBlank, password: nonBlank }, ['email', 'password']),
          response: userResponse,
        },
      },
      async (request) => {
        const { email, password } = request.body.user;
        const { rows } = await pool.query({
          name: 'user_by_email',
          text: 'SELECT id, username, email, bio, image, password_hash FROM users WHERE email = $1',
          values: [email],
        });
        if (!rows.length || !(await verifyPassword(password, rows[0].password_hash))) {
          throw new ApiError(401, 'email or password', 'is invalid');
        }
        return userBody(rows[0], signToken(rows[0]));
      },
    );

    api.get('/user', { onRequest: requireAuth, schema: { response: userResponse } }, async (request) =>
      userBody(await userById(request.user.id), request.user.token),
    );

    api.put(
      '/user',
      {
        onRequest: requireAuth,
        schema: {
          body: wrapped('user', {
            email: nonBlank,
            username: nonBlank,
            password: nonBlank,
            bio: optionalText,
            image: optionalText,
          }),
          response: userResponse,
        },
      },
      async (request) => {
        const changes = request.body.user;
        const sets = [];
        const values = [request.user.id];
        const set = (column, value) => {
          values.push(value);
          sets.push(`${column} = $${values.length}`);
        };
        if (changes.email !== undefined) set('email', changes.email);
        if (changes.username !== undefined) set('username', changes.username);
        if (changes.bio !== undefined) set('bio', changes.bio ?? '');
        if (changes.image !== undefined) set('image', changes.image ?? '');
        if (changes.password !== undefined) set('password_hash', await hashPassword(changes.password));
        if (!sets.length) return userBody(await userById(request.user.id), request.user.token);
        let row;
        try {
          ({ rows: [row] } = await pool.query(
            `UPDATE users SET ${sets.join(', ')} WHERE id = $1 RETURNING id, username, email, bio, image`,
            values,
          ));
        } catch (err) {
          const field = takenField(err);
          if (field) throw unprocessable(field, 'has already been taken');
          throw err;
        }
        if (!row) throw unauthorized('names no user');
        // The token names the user by id, so it stays valid; a new one carries the new username.
        return userBody(row, changes.username !== undefined ? signToken(row) : request.user.token);
      },
    );

    // -- profiles --
    api.get('/profiles/:username', { onRequest: optionalAuth, schema: { response: profileResponse } }, async (request) => {
      const p = await profileOf(request.params.username, request.user && request.user.id);
      return { profile: toProfile(p, p.following) };
    });

    const follow = (on) => async (request) => {
      const p = await profileOf(request.params.username, request.user.id);
      if (on) {
        if (Number(p.id) === request.user.id) throw unprocessable('profile', 'cannot follow yourself');
        await pool.query('INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          request.user.id,
          p.id,
        ]);
      } else {
        await pool.query('DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2', [request.user.id, p.id]);
      }
      return { profile: toProfile(p, on) };
    };
    api.post('/profiles/:username/follow', { onRequest: requireAuth, schema: { response: profileResponse } }, follow(true));
    api.delete('/profiles/:username/follow', { onRequest: requireAuth, schema: { response: profileResponse } }, follow(false));

    // -- articles --
    api.get(
      '/articles',
      {
        onRequest: optionalAuth,
        schema: {
          querystring: { ...pageQuery, properties: { ...pageQuery.properties, tag: str, author: str, favorited: str } },
          response: articlesResponse,
        },
      },
      async (request) => {
        const q = request.query;
        const filters = [];
        const values = [];
        for (const f of ['tag', 'author', 'favorited']) {
          if (q[f] !== undefined && q[f] !== '') {
            filters.push(f);
            values.push(q[f]);
          }
        }
        return listArticles(request.user && request.user.id, filters, values, q);
      },
    );

    api.get(
      '/articles/feed',
      { onRequest: requireAuth, schema: { querystring: pageQuery, response: articlesResponse } },
      async (request) => listArticles(request.user.id, ['feed'], [], request.query),
    );

    api.get('/articles/:slug', { onRequest: optionalAuth, schema: { response: articleResponse() } }, async (request) => ({
      article: await loadArticle(request.params.slug, request.user && request.user.id),
    }));

    api.post(
      '/articles',
      {
        onRequest: requireAuth,
        schema: {
          body: wrapped(
            'article',
            { title: nonBlank, description: nonBlank, body: nonBlank, tagList: { type: 'array', items: str } },
            ['title', 'description', 'body'],
          ),
          response: articleResponse(201),
        },
      },
      async (request, reply) => {
        const { title, description, body, tagList = [] } = request.body.article;
        const slug = await inTransaction(async (client) => {
          let candidate = slugify(title);
          for (;;) {
            const { rows } = await client.query(
              `INSERT INTO articles (slug, title, description, body, author_id) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (slug) DO NOTHING RETURNING id`,
              [candidate, title, description, body, request.user.id],
            );
            if (rows.length) {
              await setTags(client, rows[0].id, tagList);
              return candidate;
            }
            candidate = `${slugify(title)}-${uniqueSuffix()}`;
          }
        });
        reply.code(201);
        return { article: await loadArticle(slug, request.user.id) };
      },
    );

    api.put(
      '/articles/:slug',
      {
        onRequest: requireAuth,
        schema: {
          body: wrapped('article', {
            title: nonBlank,
            description: nonBlank,
            body: nonBlank,
            tagList: { type: 'array', items: str },
          }),
          response: articleResponse(),
        },
      },
      async (request) => {
        const id = await articleOwnedBy(request.params.slug, request.user.id);
        const changes = request.body.article;
        const slug = await inTransaction(async (client) => {
          const sets = ['updated_at = now()'];
          const values = [id];
          const set = (column, value) => {
            values.push(value);
            sets.push(`${column} = $${values.length}`);
          };
          if (changes.title !== undefined) set('title', changes.title);
          if (changes.description !== undefined) set('description', changes.description);
          if (changes.body !== undefined) set('body', changes.body);
          // A new title gives a new slug (with a suffix when another article holds it).
          let slugIndex = -1;
          if (changes.title !== undefined) {
            set('slug', slugify(changes.title));
            slugIndex = values.length - 1;
          }
          for (let attempt = 0; ; attempt++) {
            await client.query('SAVEPOINT s');
            try {
              const { rows } = await client.query(
                `UPDATE articles SET ${sets.join(', ')} WHERE id = $1 RETURNING slug`,
                values,
              );
              if (changes.tagList !== undefined) await setTags(client, id, changes.tagList);
              return rows[0].slug;
            } catch (err) {
              if (err.code !== '23505' || slugIndex < 0 || attempt > 5) throw err;
              await client.query('ROLLBACK TO SAVEPOINT s');
              values[slugIndex] = `${slugify(changes.title)}-${uniqueSuffix()}`;
            }
          }
        });
        return { article: await loadArticle(slug, request.user.id) };
      },
    );

    api.delete('/articles/:slug', { onRequest: requireAuth }, async (request, reply) => {
      const id = await articleOwnedBy(request.params.slug, request.user.id);
      await pool.query('DELETE FROM articles WHERE id = $1', [id]);
      reply.code(204).send();
    });

    // -- favorites --
    const favorite = (on) => async (request) => {
      const id = await articleOwnedBy(request.params.slug);
      if (on) {
        await pool.query('INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          request.user.id,
          id,
        ]);
      } else {
        await pool.query('DELETE FROM favorites WHERE user_id = $1 AND article_id = $2', [request.user.id, id]);
      }
      return { article: await loadArticle(request.params.slug, request.user.id) };
    };
    api.post('/articles/:slug/favorite', { onRequest: requireAuth, schema: { response: articleResponse() } }, favorite(true));
    api.delete('/articles/:slug/favorite', { onRequest: requireAuth, schema: { response: articleResponse() } }, favorite(false));

    // -- comments --
    const toComment = (row) => ({
      id: Number(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      body: row.body,
      author: toProfile(row, row.following),
    });
    const commentColumns = `c.id, c.created_at, c.updated_at, c.body, u.username, u.bio, u.image,
      EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = $2 AND fo.followee_id = c.author_id) AS following`;

    api.post(
      '/articles/:slug/comments',
      {
        onRequest: requireAuth,
        schema: {
          body: wrapped('comment', { body: nonBlank }, ['body']),
          response: { 200: { type: 'object', properties: { comment } } },
        },
      },
      async (request) => {
        const articleId = await articleOwnedBy(request.params.slug);
        const { rows } = await pool.query(
          `WITH c AS (INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING *)
           SELECT ${commentColumns} FROM c JOIN users u ON u.id = c.author_id`,
          [articleId, request.user.id, request.body.comment.body],
        );
        return { comment: toComment(rows[0]) };
      },
    );

    api.get(
      '/articles/:slug/comments',
      {
        onRequest: optionalAuth,
        schema: { response: { 200: { type: 'object', properties: { comments: { type: 'array', items: comment } } } } },
      },
      async (request) => {
        const { rows } = await pool.query({
          name: 'comments',
          text: `SELECT a.id AS article_id, ${commentColumns}
                 FROM articles a
                 LEFT JOIN comments c ON c.article_id = a.id
                 LEFT JOIN users u ON u.id = c.author_id
                 WHERE a.slug = $1 ORDER BY c.created_at, c.id`,
          values: [request.params.slug, (request.user && request.user.id) || 0],
        });
        if (!rows.length) throw notFound('article');
        return { comments: rows.filter((r) => r.id !== null).map(toComment) };
      },
    );

    api.delete('/articles/:slug/comments/:id', { onRequest: requireAuth }, async (request, reply) => {
      const commentId = Number(request.params.id);
      if (!Number.isSafeInteger(commentId) || commentId <= 0) throw notFound('comment');
      const articleId = await articleOwnedBy(request.params.slug);
      const { rows } = await pool.query('SELECT author_id FROM comments WHERE id = $1 AND article_id = $2', [
        commentId,
        articleId,
      ]);
      if (!rows.length) throw notFound('comment');
      if (Number(rows[0].author_id) !== request.user.id) throw forbidden('comment');
      await pool.query('DELETE FROM comments WHERE id = $1', [commentId]);
      reply.code(204).send();
    });

    // -- tags --
    api.get(
      '/tags',
      { schema: { response: { 200: { type: 'object', properties: { tags: { type: 'array', items: str } } } } } },
      async () => {
        const { rows } = await pool.query({
          name: 'tags',
          // The tags some article uses (a tag outlives its last article), by name.
          text: `SELECT t.name FROM tags t
                 WHERE EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = t.id) ORDER BY t.name`,
        });
        return { tags: rows.map((r) => r.name) };
      },
    );
  },
  { prefix: '/api' },
);

async function main() {
  await migrate();
  await fastify.listen({ port, host });
  console.log(`conduit-fastify on ${host}:${port} (pg pool ${pool.options.max})`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    fastify
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}
