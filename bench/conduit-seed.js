// conduit-seed: fills a RealWorld (Conduit) API through its HTTP API with the same data every time,
// then writes the read paths for bench/conduit-mix.lua. Used by bench/conduit-compare for both
// servers, so both hold identical content (only slugs, tokens and timestamps may differ).
//   node bench/conduit-seed.js BASE_URL PATHS_FILE      e.g. http://127.0.0.1:3000/api out.txt
// Environment: SEED_USERS (default 50), SEED_ARTICLES (500), SEED_TAGS (tag pool, 20),
//   SEED_COMMENTS (comments in all, 1000), SEED_FOLLOWS (per user, 5), SEED_FAVORITES (per user, 20),
//   SEED_CONCURRENCY (requests in flight, 16).
// PATHS_FILE lines are "CLASS PATH" with CLASS one of list, article, profile, tags.
// Exits 1 when a request fails or the server then does not show the seeded counts, 2 on usage.
'use strict';
const fs = require('node:fs');

const [base, pathsFile] = process.argv.slice(2);
if (!base || !pathsFile) {
  console.error('usage: node bench/conduit-seed.js BASE_URL PATHS_FILE');
  process.exit(2);
}
const num = (name, fallback) => {
  const v = Number(process.env[name] || fallback);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`conduit-seed: ${name} must be a non-negative integer`);
    process.exit(2);
  }
  return v;
};
const USERS = Math.max(num('SEED_USERS', 50), 2);
const ARTICLES = num('SEED_ARTICLES', 500);
const TAGS = Math.max(num('SEED_TAGS', 20), 1);
const COMMENTS = num('SEED_COMMENTS', 1000);
const FOLLOWS = Math.min(num('SEED_FOLLOWS', 5), USERS - 1);
const FAVORITES = Math.min(num('SEED_FAVORITES', 20), ARTICLES);
const CONCURRENCY = Math.max(num('SEED_CONCURRENCY', 16), 1);
const PAGE = 20;

// A fixed-seed PRNG (mulberry32), so every run and every server gets the same data.
let state = 0x5eed1234;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(rand() * n);
const words = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ' +
  'ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur'
).split(' ');
const sentence = (n) => Array.from({ length: n }, () => words[pick(words.length)]).join(' ');

async function call(method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Token ${token}`;
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
    } catch (err) {
      if (attempt < 3) continue;  // a dropped keep-alive connection: try again
      throw new Error(`${method} ${path}: ${err.message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }
}

// Runs fn over items with at most CONCURRENCY in flight.
async function each(items, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

async function main() {
  const t0 = Date.now();
  const tagPool = Array.from({ length: TAGS }, (_, i) => `tag${String(i).padStart(2, '0')}`);

  // Users: registered in parallel (password hashing dominates), each with a bio.
  const users = Array.from({ length: USERS }, (_, i) => ({
    username: `user${String(i).padStart(3, '0')}`,
    email: `user${i}@conduit.test`,
    password: `password-${i}`,
    bio: sentence(8),
  }));
  await each(users, async (u) => {
    const r = await call('POST', '/users', { user: { username: u.username, email: u.email, password: u.password } });
    u.token = r.user.token;
    await call('PUT', '/user', { user: { bio: u.bio } }, u.token);
  });

  // Articles: created one after another, so every server lists them in the same order.
  const articles = [];
  const usedTags = new Set();
  for (let i = 0; i < ARTICLES; i++) {
    const author = users[pick(USERS)];
    const tags = new Set();
    const ntags = 1 + pick(3);
    while (tags.size < Math.min(ntags, TAGS)) tags.add(tagPool[pick(TAGS)]);
    for (const t of tags) usedTags.add(t);
    const r = await call(
      'POST',
      '/articles',
      {
        article: {
          title: `${sentence(4)} ${i}`,
          description: sentence(12),
          body: Array.from({ length: 5 }, () => sentence(40)).join('\n\n'),
          tagList: [...tags],
        },
      },
      author.token,
    );
    articles.push(r.article.slug);
  }

  // Comments, follows and favorites: the draws first (fixed order), then the requests in parallel.
  const jobs = [];
  for (let i = 0; i < COMMENTS && ARTICLES; i++) {
    const who = users[pick(USERS)];
    jobs.push(['POST', `/articles/${encodeURIComponent(articles[pick(ARTICLES)])}/comments`, { comment: { body: sentence(15) } }, who.token]);
  }
  for (let i = 0; i < USERS; i++) {
    const chosen = new Set();
    while (chosen.size < FOLLOWS) {
      const j = pick(USERS);
      if (j !== i) chosen.add(j);
    }
    for (const j of chosen) jobs.push(['POST', `/profiles/${encodeURIComponent(users[j].username)}/follow`, null, users[i].token]);
    const favs = new Set();
    while (favs.size < FAVORITES) favs.add(pick(ARTICLES));
    for (const a of favs) jobs.push(['POST', `/articles/${encodeURIComponent(articles[a])}/favorite`, null, users[i].token]);
  }
  await each(jobs, (j) => call(...j));

  // What the server shows now must be what was seeded.
  const list = await call('GET', `/articles?limit=${PAGE}&offset=0`);
  if (list.articlesCount !== ARTICLES) throw new Error(`articlesCount is ${list.articlesCount}, expected ${ARTICLES}`);
  const tags = await call('GET', '/tags');
  if (!Array.isArray(tags.tags) || tags.tags.length !== usedTags.size) {
    throw new Error(`/tags returned ${JSON.stringify(tags).slice(0, 200)}, expected ${usedTags.size} tags`);
  }

  const lines = [];
  for (let off = 0; off === 0 || off < ARTICLES; off += PAGE) lines.push(`list /api/articles?limit=${PAGE}&offset=${off}`);
  for (const s of articles) lines.push(`article /api/articles/${encodeURIComponent(s)}`);
  for (const u of users) lines.push(`profile /api/profiles/${encodeURIComponent(u.username)}`);
  lines.push('tags /api/tags');
  fs.writeFileSync(pathsFile, lines.join('\n') + '\n');
  console.log(
    `seeded ${USERS} users, ${ARTICLES} articles (${tags.tags.length} tags), ${COMMENTS} comments, ` +
      `${USERS * FOLLOWS} follows, ${USERS * FAVORITES} favorites in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  );
}

main().catch((err) => {
  console.error(`conduit-seed: ${err.message}`);
  process.exit(1);
});
