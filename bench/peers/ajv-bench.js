// ajv-bench: ajv 8 (Ajv2020 + ajv-formats, formats asserted) validating the documents of
// bench/schema_bench.cpp, the peer that bench/schema-compare runs it against.
//   node ajv-bench.js DATA_DIR [SECONDS_PER_CASE]
// Cases: new_user and new_article (RealWorld request bodies with formats, from DATA_DIR) and
// items_1mb (an array of 14,000 small objects, about 1 MB of JSON, made here by the same rule as
// the C++ side). Each case is checked valid, warmed up, then timed for SECONDS_PER_CASE.
// Prints one JSON line per case: {"case":"new_user","ops_per_sec":R,"bytes":B}, R by CPU time.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

// The same rule as items_document() in bench/schema_bench.cpp.
function items(n) {
  const out = [];
  for (let i = 0; i < n; i++)
    out.push({ id: i + 1, name: `item-${i}`, active: i % 3 === 0, score: ((i * 37) % 1000) / 10, tags: [`t${i % 7}`, `t${i % 11}`] });
  return out;
}

// CPU time of this process, as Google Benchmark's items_per_second counts the C++ side: on a
// shared machine the wall clock also counts the time other processes hold the cores.
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function measure(validate, doc, seconds) {
  for (let i = 0; i < 200; i++) validate(doc);  // warm-up (JIT)
  let ops = 0;
  const started = cpuSeconds();
  let elapsed = 0;
  // Batches keep the clock out of the loop for the fast cases.
  let batch = 1;
  while (elapsed < seconds) {
    for (let i = 0; i < batch; i++) if (!validate(doc)) throw new Error('document became invalid');
    ops += batch;
    elapsed = cpuSeconds() - started;
    if (elapsed < seconds / 100) batch *= 2;
  }
  return ops / elapsed;
}

function main() {
  const [dir, seconds = '2'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: ajv-bench.js DATA_DIR [SECONDS_PER_CASE]');
  const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats(ajv);
  const cases = [
    ['new_user', read('new-user.schema.json'), read('new-user.json')],
    ['new_article', read('new-article.schema.json'), read('new-article.json')],
    ['items_1mb', read('items.schema.json'), items(14000)],
  ];
  for (const [name, schema, doc] of cases) {
    const validate = ajv.compile(schema);
    if (!validate(doc)) throw new Error(`${name}: ajv finds the document invalid: ${JSON.stringify(validate.errors)}`);
    const rate = measure(validate, doc, Number(seconds));
    console.log(JSON.stringify({ case: name, ops_per_sec: rate, bytes: JSON.stringify(doc).length }));
  }
}

main();
