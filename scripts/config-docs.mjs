#!/usr/bin/env node
// Writes docs/configuration.md from the descriptions in the zod schema (src/config/schema.ts and
// src/config/send.ts), read through its JSON Schema (via dist/): the schema is the one source, this
// file only lays it out. A key without a description stops the script, so none goes undocumented.
// test/config/config.test.ts fails when docs/configuration.md is not what this writes.
//   npm run config:docs
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SAFE = 9007199254740991; // zod's bounds for a plain integer: not worth printing

/** The whole page, from the JSON Schema of the config (configJsonSchema()). */
export function configDocs(schema) {
  const out = [
    '# Configuration reference',
    '',
    '<!-- Written by `npm run config:docs` from the descriptions in src/config/schema.ts and src/config/send.ts. Edit those, not this file. -->',
    '',
    `${sentence(schema.description)}`,
    '',
    'Commented examples: `config/sqlite.yaml`, `config/mysql.yaml`, `config/postgres.yaml`, `config/mssql.yaml`,',
    '`config/service-imap.yaml`. `config/bouncesync.schema.json` is the same schema for editors (`npm run config:schema`).',
    'In the tables, *required* means required whenever the key above it is present; `NAME` stands for a name you choose;',
    '`[]` marks an entry of a list.',
    '',
  ];
  for (const [key, node] of Object.entries(schema.properties)) {
    out.push(`## \`${key}\``, '', sentence(need(node, key)));
    const notes = [];
    if ((schema.required ?? []).includes(key)) notes.push('Required.');
    if (node.default !== undefined && !node.properties) notes.push(`Default: \`${flow(node.default)}\`.`);
    if (node.anyOf?.every((v) => v.properties)) notes.push('One of the forms below.');
    if (node.items?.anyOf?.every((v) => v.properties)) notes.push('Each entry is one of the forms below.');
    if (notes.length) out.push('', notes.join(' '));
    const rows = children(node, key);
    if (rows.length) out.push('', '| key | type | default | what it does |', '|---|---|---|---|', ...rows.map(row));
    out.push('');
  }
  return out.join('\n');
}

/** The rows below a node: its properties, its list entries, its map values, its union's forms. */
function children(node, path) {
  const rows = [];
  const objects = [node, ...(node.anyOf ?? []), ...(node.items ? [node.items, ...(node.items.anyOf ?? [])] : [])];
  for (const o of objects) {
    const at = o === node.items || node.items?.anyOf?.includes(o) ? `${path}[]` : path;
    for (const [key, child] of Object.entries(o.properties ?? {})) {
      const p = `${at}.${key}`;
      rows.push({ path: p, node: child, required: (o.required ?? []).includes(key) }, ...children(child, p));
    }
    const values = o.additionalProperties;
    if (values && typeof values === 'object' && values.properties) rows.push(...children(values, `${at}.NAME`));
  }
  return rows;
}

function row({ path, node, required }) {
  const fallback = required ? '*required*' : '';
  const value = node.default === undefined ? fallback : `\`${flow(node.default)}\``;
  // A union's plain forms may say more (database.connection's URL form): said after the key's own words.
  const forms = (node.anyOf ?? []).filter((v) => v.description && !v.properties).map((v) => `${typeOf(v)}: ${v.description}`);
  return `| \`${path}\` | ${typeOf(node)} | ${value} | ${cell([need(node, path), ...forms].join('; '))} |`;
}

/** A short type: "integer 1–65535", "`signed` or `address`", "list of names (36 possible)". */
function typeOf(n) {
  if (n.const !== undefined) return `\`${n.const}\``;
  if (n.enum) return n.enum.length <= 6 ? n.enum.map((v) => `\`${v}\``).join(' or ') : `a name (${n.enum.length} possible)`;
  if (n.anyOf) return [...new Set(n.anyOf.map(typeOf))].join(' or ');
  if (Array.isArray(n.type)) return n.type.join(' or ');
  if (n.type === 'array') return `list of ${n.items.enum && n.items.enum.length > 6 ? `names (${n.items.enum.length} possible)` : typeOf(n.items)}`;
  if (n.type === 'object') {
    const values = n.additionalProperties;
    if (values && typeof values === 'object' && n.propertyNames) return values.properties ? 'map of NAME → object' : `map of name → ${typeOf(values)}`;
    return 'object';
  }
  if (n.type === 'integer' || n.type === 'number') return `${n.type}${bounds(n)}`;
  return n.type ?? 'any';
}

function bounds(n) {
  const min = n.minimum !== undefined && n.minimum > -SAFE ? n.minimum : undefined;
  const max = n.maximum !== undefined && n.maximum < SAFE ? n.maximum : undefined;
  if (n.exclusiveMinimum !== undefined) return max === undefined ? ` > ${n.exclusiveMinimum}` : ` > ${n.exclusiveMinimum}, ≤ ${max}`;
  if (min !== undefined && max !== undefined) return ` ${min}–${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  return max !== undefined ? ` ≤ ${max}` : '';
}

/** A default as it would be written in the YAML: [a, b], { k: v }. */
function flow(v) {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length ? `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }` : '{}';
  }
  return String(v);
}

function need(node, path) {
  if (!node.description) throw new Error(`config key ${path} has no description: add .describe('...') to it in src/config/`);
  return node.description;
}

const sentence = (s) => s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
const cell = (s) => s.replace(/\|/g, '\\|');

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { configJsonSchema } = await import(pathToFileURL(join(repo, 'dist/src/config/schema.js')).href);
  writeFileSync(join(repo, 'docs/configuration.md'), configDocs(configJsonSchema()));
  console.log('wrote docs/configuration.md');
}
