// Express peer for bench/compare: TechEmpower /plaintext and /json, single process.
// Usage: node express.js [PORT]   (or PORT in the environment; default 3000)
'use strict';
const express = require('express');

const port = Number(process.argv[2] || process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

const app = express();
app.disable('etag');
app.disable('x-powered-by');

// res.setHeader + res.end rather than res.set/res.send: Express 5 appends "; charset=utf-8" to
// string bodies' Content-Type, and the peers must send the same headers as tfb-server.
app.get('/plaintext', (req, res) => {
  res.setHeader('Server', 'express');
  res.setHeader('Content-Type', 'text/plain');
  res.end('Hello, World!');
});

// Serialized per request, as the rules require.
app.get('/json', (req, res) => {
  res.setHeader('Server', 'express');
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ message: 'Hello, World!' }));
});

app.listen(port, host, (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log(`express on port ${port}`);
});
