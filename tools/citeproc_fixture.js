// Run by tools/citeproc_fixture.py, which installs citeproc-js (the npm package "citeproc").
//
//   node citeproc_fixture.js apa CITEPROC_DIR ITEMS.json STYLE.csl LOCALE.xml
//     prints the APA reference list of the CSL-JSON items as plain text, one entry per line;
//   node citeproc_fixture.js letters
//     prints, as JSON, the letters of Latin, Greek, Cyrillic, Hebrew and Arabic in the order
//     citeproc-js compares text (localeCompare, en-US, base strength, punctuation ignored), in
//     groups of equal letters, and the letters compared as two ("ae" for "æ").
"use strict";
const fs = require("fs");
const path = require("path");

const OPTIONS = { sensitivity: "base", ignorePunctuation: true, numeric: true };
const compare = (a, b) => a.toLocaleLowerCase().localeCompare(b.toLocaleLowerCase(), "en-US", OPTIONS);

function apa(citeprocDir, itemsPath, stylePath, localePath) {
  const CSL = require(path.resolve(citeprocDir));
  const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
  const byId = Object.fromEntries(items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: () => fs.readFileSync(localePath, "utf8"),
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
  engine.setOutputFormat("text");
  engine.updateItems(items.map((item) => item.id));
  const [, entries] = engine.makeBibliography();
  process.stdout.write(entries.map((entry) => entry.trim()).join("\n") + "\n");
}

function letters() {
  const ranges = [[0x41, 0x5a], [0x61, 0x7a], [0xc0, 0x24f], [0x1e00, 0x1eff], [0x370, 0x3ff],
    [0x400, 0x52f], [0x590, 0x5ff], [0x600, 0x6ff]];
  const chars = [];
  for (const [first, last] of ranges) {
    for (let code = first; code <= last; code++) {
      const char = String.fromCodePoint(code);
      if (/\p{L}/u.test(char) && compare("a" + char + "b", "ab") !== 0) chars.push(char);
    }
  }
  const latin = "abcdefghijklmnopqrstuvwxyz";
  const expansions = {};
  for (const char of chars) {
    if (char !== char.toLowerCase()) continue;
    for (const x of latin) for (const y of latin) if (compare(char, x + y) === 0) expansions[char] = x + y;
  }
  const single = chars.filter((char) => !(char.toLowerCase() in expansions));
  single.sort((a, b) => compare(a, b) || a.codePointAt(0) - b.codePointAt(0));
  const groups = [];
  for (const char of single) {
    const last = groups[groups.length - 1];
    if (last && compare(last[0], char) === 0) last.push(char);
    else groups.push([char]);
  }
  process.stdout.write(JSON.stringify({ groups: groups.map((g) => g.join("")), expansions }) + "\n");
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "apa") apa(...args);
else if (mode === "letters") letters();
else {
  process.stderr.write("usage: citeproc_fixture.js apa CITEPROC_DIR ITEMS STYLE LOCALE | letters\n");
  process.exit(2);
}
