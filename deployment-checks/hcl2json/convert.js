// Usage: node convert.js <terraform dir> <output file>
// Writes {"<file>.tf": <the file in terraform's JSON syntax>, ...}: every expression stays as its
// source text ("${...}"), so the Java checks can follow references without a terraform binary.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

async function main() {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    throw new Error('usage: node convert.js <terraform dir> <output file>');
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  const result = {};
  for (const file of files) {
    result[file] = await parse(file, fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 1));
  console.log(`hcl2json: ${files.length} files of ${dir} -> ${out}`);
}

main().catch((e) => {
  console.error(`hcl2json: ${e.message || e}`);
  process.exit(1);
});
