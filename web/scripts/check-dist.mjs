// Checks the built app after `vite build`: index.html is there, and every file under dist/assets has a
// name that the server (src/http/static_files.cpp, IsHashedName) treats as content-hashed, so that it
// gets the year-long immutable cache: name-HASH.ext with HASH of at least 8 of [A-Za-z0-9_] and a digit.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

export function isHashedName(name) {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  const stem = name.slice(0, dot);
  const sep = Math.max(stem.lastIndexOf('-'), stem.lastIndexOf('.'));
  if (sep < 0) return false;
  const hash = stem.slice(sep + 1);
  return hash.length >= 8 && /^[A-Za-z0-9_]+$/.test(hash) && /[0-9]/.test(hash);
}

const problems = [];
if (!existsSync(join(dist, 'index.html'))) problems.push('dist/index.html is missing');
const assets = existsSync(join(dist, 'assets')) ? readdirSync(join(dist, 'assets')) : [];
if (assets.length === 0) problems.push('dist/assets is empty');
for (const name of assets) {
  if (!isHashedName(name)) problems.push(`dist/assets/${name} has no content hash the server recognises`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`check-dist: ${p}`);
  process.exit(1);
}
