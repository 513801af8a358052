// ajv-conformance: ajv 8 on the official JSON-Schema-Test-Suite, counted the way
// strata/schema/conformance_test.cpp counts ours, so the two can be quoted side by side.
//   node ajv-conformance.js SUITE_DIR        (SUITE_DIR holds tests/ and remotes/)
// draft2020-12 runs on Ajv2020, draft7 on Ajv; formats are annotations for the required and
// optional tests and asserted (ajv-formats) for optional/format, as ours are. Remote $refs
// (http://localhost:1234/...) are given to ajv from SUITE_DIR/remotes. A group whose schema ajv
// refuses counts all its tests as failed. Prints "<draft> [part]: N passed, M failed" lines;
// VERBOSE=1 lists the failures.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv7 = require('ajv').default;
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

function jsonFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && fs.statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => path.join(dir, f));
}

function remoteFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...remoteFiles(path.join(dir, entry.name), rel + '/'));
    else if (entry.name.endsWith('.json')) out.push([rel, JSON.parse(fs.readFileSync(path.join(dir, entry.name), 'utf8'))]);
  }
  return out;
}

function makeAjv(draft, assertFormats, remotes) {
  const Ajv = draft === 'draft7' ? Ajv7 : Ajv2020;
  const ajv = new Ajv({ strict: false, validateFormats: assertFormats, allErrors: false, logger: false });
  if (assertFormats) addFormats(ajv);
  for (const [rel, schema] of remotes) {
    try {
      ajv.addSchema(schema, 'http://localhost:1234/' + rel);
    } catch (e) {
      // A remote of another draft (draft3, 2019-09...) that this class does not take.
    }
  }
  return ajv;
}

function runFile(file, draft, assertFormats, remotes, tally) {
  const groups = JSON.parse(fs.readFileSync(file, 'utf8'));
  const name = path.basename(file);
  for (const group of groups) {
    let validate;
    try {
      validate = makeAjv(draft, assertFormats, remotes).compile(group.schema);
    } catch (e) {
      tally.failed += group.tests.length;
      tally.failures.push(`${name} / ${group.description}: ${e.message}`);
      continue;
    }
    for (const test of group.tests) {
      let ok;
      try {
        ok = validate(test.data) === test.valid;
      } catch (e) {
        ok = false;
      }
      if (ok) tally.passed++;
      else {
        tally.failed++;
        tally.failures.push(`${name} / ${group.description} / ${test.description}`);
      }
    }
  }
}

function main() {
  const suite = process.argv[2];
  if (!suite || !fs.existsSync(path.join(suite, 'tests'))) {
    console.error('usage: ajv-conformance.js SUITE_DIR (the JSON-Schema-Test-Suite, with tests/ and remotes/)');
    process.exit(2);
  }
  const remotes = remoteFiles(path.join(suite, 'remotes'));
  const verbose = !!process.env.VERBOSE;
  for (const draft of ['draft2020-12', 'draft7']) {
    const dir = path.join(suite, 'tests', draft);
    const parts = [
      ['', jsonFiles(dir), false],
      [' optional', jsonFiles(path.join(dir, 'optional')), false],
      [' optional/format', jsonFiles(path.join(dir, 'optional', 'format')), true],
    ];
    for (const [label, files, assertFormats] of parts) {
      const tally = { passed: 0, failed: 0, failures: [] };
      for (const f of files) runFile(f, draft, assertFormats, remotes, tally);
      console.log(`ajv ${draft}${label}: ${tally.passed} passed, ${tally.failed} failed`);
      if (verbose) for (const f of tally.failures) console.log(`  FAILED ${f}`);
    }
  }
}

main();
