#!/usr/bin/env node
// Verifies a CSV export of the Custodian audit log (the `csv` of `auditExport`) outside the system.
//
//   node scripts/verify-audit.mjs <export.csv | -> [--head <hash>] [--contiguous] [--quiet]
//
// For every row it rebuilds the canonical text exactly as api/src/audit/event.ts canonicalEvent does
// (a JSON array of the stored columns in STORED_COLUMNS order: seq as a number, every other column
// as a string or null; then targets_hash and client_request_id when present) and checks hash = SHA-256(prev_hash ‖
// canonical), and that SHA-256(targets) = targets_hash: the entities the event touched (cells neutralised
// against spreadsheet formulas lose their leading apostrophe first). Where two rows have
// consecutive seqs it checks the link (prev_hash of n+1 = hash of n); a row with seq 1 must follow
// the genesis hash (64 zeros). A filtered export may skip seqs: that is reported, and is an error
// only with --contiguous. --head <hash> anchors the export to a chain head known from outside the
// database (e.g. auditIntegrity.headHash noted earlier, or the hash of the export's own EXPORT
// event): a row with that hash must be present. Whoever rewrote the chain (even recomputing every
// hash) or cut it short before that point cannot produce it.
//
// CSV is RFC 4180: an unquoted empty cell is NULL, a quoted "" is the empty string.
// Exit status: 0 when everything verifies, 1 when anything does not, 2 on bad usage or input.
// Plain Node (>= 18), no dependencies.
/* global console, process */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const STORED_COLUMNS = [
  'seq', 'at', 'actor_user_id', 'actor_username', 'actor_token_id', 'ip', 'user_agent', 'request_id', 'operation', 'action',
  'outcome', 'max_level', 'grant_id', 'purpose', 'entity_type', 'entity_id', 'fields', 'changes', 'detail',
];
export const GENESIS_HASH = '0'.repeat(64);

/** Parses RFC 4180 text into records of cells; an unquoted empty cell is null, a quoted one a string. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  if (i >= n) return records;
  for (;;) {
    let cell;
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted cell in record ${records.length + 1}`);
        value += text.slice(i, q);
        if (text[q + 1] === '"') { value += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        throw new Error(`unexpected character after a quoted cell in record ${records.length + 1}`);
      }
      cell = value;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') {
        if (text[j] === '"') throw new Error(`a quote inside an unquoted cell in record ${records.length + 1}`);
        j += 1;
      }
      const raw = text.slice(i, j);
      cell = raw === '' ? null : raw;
      i = j;
    }
    record.push(cell);
    if (i >= n) { records.push(record); break; }
    if (text[i] === ',') { i += 1; continue; }
    // end of record: CRLF (or a bare LF)
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push(record);
    record = [];
    if (i >= n) break;
  }
  return records;
}

const text = (v) => (v === null || v === undefined ? null : String(v));

/**
 * The canonical text of a stored row (see canonicalEvent in api/src/audit/event.ts): targets_hash
 * is a twentieth value when it or client_request_id is not null, client_request_id a twenty-first
 * when it is not null (events written before these columns existed have neither).
 */
export function canonicalEvent(row) {
  const values = STORED_COLUMNS.map((c) => (c === 'seq' ? Number(row[c]) : text(row[c])));
  const targets = text(row.targets_hash);
  const client = text(row.client_request_id);
  if (targets !== null || client !== null) values.push(targets);
  if (client !== null) values.push(client);
  return JSON.stringify(values);
}

/**
 * Exports with a client_request_id column neutralise cells a spreadsheet would run as formulas: a
 * cell beginning with = + - @ tab, CR or an apostrophe got one leading apostrophe (api/src/common/csv.ts).
 * The hashes are over the stored values, so the verifier removes it again.
 */
export const restoreCell = (cell) => (typeof cell === 'string' && cell.startsWith("'") ? cell.slice(1) : cell);

/** SHA-256 of a text, as 64 lowercase hex digits. */
export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

export function chainHash(prevHash, canonical) {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * Verifies exported rows. Returns { ok, rows, firstSeq, lastSeq, lastHash, gaps, problems } where
 * problems name the seq and what is wrong with it.
 */
export function verifyCsv(text, { head = null, contiguous = false } = {}) {
  const records = parseCsv(text);
  if (records.length === 0) throw new Error('empty file: expected a header row');
  const header = records[0];
  const wanted = [...STORED_COLUMNS, 'prev_hash', 'hash'];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`the header lacks column(s) ${missing.join(', ')}`);
  // targets_hash and targets are optional: exports from before they existed lack them.
  const optional = ['targets_hash', 'targets'].filter((c) => header.includes(c));
  if (optional.length === 1) throw new Error('the header has one of targets_hash and targets without the other');
  // client_request_id (and formula neutralising) came with exports written after targets_hash.
  const neutralised = header.includes('client_request_id');
  if (neutralised && optional.length === 0) throw new Error('the header has client_request_id without targets_hash and targets');
  if (neutralised) optional.push('client_request_id');
  const index = Object.fromEntries([...wanted, ...optional].map((c) => [c, header.indexOf(c)]));
  const problems = [];
  const gaps = [];
  let previous = null;
  let rows = 0;
  let headAt = null;
  for (let r = 1; r < records.length; r++) {
    const cells = records[r];
    if (cells.length === 1 && cells[0] === null) continue; // a blank line
    const line = r + 1;
    if (cells.length !== header.length) {
      problems.push({ seq: null, line, problem: `has ${cells.length} cells, the header ${header.length}` });
      continue;
    }
    const row = Object.fromEntries([...wanted, ...optional].map((c) => [c, neutralised ? restoreCell(cells[index[c]]) : cells[index[c]]]));
    rows += 1;
    const seq = Number(row.seq);
    if (!Number.isSafeInteger(seq) || seq < 1 || String(seq) !== row.seq) {
      problems.push({ seq: row.seq, line, problem: 'seq is not a positive integer' });
      continue;
    }
    const expected = chainHash(row.prev_hash ?? '', canonicalEvent(row));
    if (expected !== row.hash) problems.push({ seq, line, problem: `hash mismatch: the row's content does not give its hash (computed ${expected})` });
    // The entities an event touched (the audit_target rows) are chained through its targets_hash.
    if (row.targets_hash && optional.includes('targets') && sha256(row.targets ?? '') !== row.targets_hash) {
      problems.push({ seq, line, problem: 'the targets (entities the event touched) do not give its targets_hash' });
    }
    if (seq === 1 && row.prev_hash !== GENESIS_HASH) problems.push({ seq, line, problem: 'the first event does not follow the genesis hash' });
    if (previous) {
      if (seq <= previous.seq) {
        problems.push({ seq, line, problem: `seq out of order or duplicated (after ${previous.seq})` });
      } else if (seq === previous.seq + 1) {
        if (row.prev_hash !== previous.hash) problems.push({ seq, line, problem: `broken link: prev_hash is not the hash of seq ${previous.seq}` });
      } else {
        gaps.push({ after: previous.seq, before: seq });
        if (contiguous) problems.push({ seq, line, problem: `gap: seqs ${previous.seq + 1}..${seq - 1} are missing` });
      }
    }
    if (head !== null && row.hash === head && expected === row.hash) headAt = seq;
    if (!previous || seq > previous.seq) previous = { seq, hash: row.hash };
  }
  let headSeq = null;
  if (head !== null) {
    headSeq = headAt;
    if (headAt === null) problems.push({ seq: null, line: null, problem: 'the given chain head is not in the export (rewritten, or cut off before it)' });
  }
  problems.sort((a, b) => (Number(a.seq) || 0) - (Number(b.seq) || 0));
  const dataRows = records.slice(1).filter((c) => !(c.length === 1 && c[0] === null));
  return {
    ok: problems.length === 0,
    rows,
    firstSeq: dataRows.length ? Number(dataRows[0][index.seq]) : null,
    lastSeq: previous?.seq ?? null,
    lastHash: previous?.hash ?? null,
    headSeq,
    gaps,
    problems,
  };
}

function usage(message) {
  if (message) console.error(`verify-audit: ${message}`);
  console.error('usage: node scripts/verify-audit.mjs <export.csv | -> [--head <hash>] [--contiguous] [--quiet]');
  process.exit(2);
}

function main(argv) {
  let file = null;
  let head = null;
  let contiguous = false;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--head') { head = argv[++i]; if (!head) usage('--head needs a hash'); }
    else if (a.startsWith('--head=')) head = a.slice(7);
    else if (a === '--contiguous') contiguous = true;
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (file === null) file = a;
    else usage('one file at a time');
  }
  if (file === null) usage('name the CSV file (or - for standard input)');
  if (head !== null && !/^[0-9a-f]{64}$/.test(head)) usage('--head must be 64 lowercase hex digits');
  let result;
  try {
    result = verifyCsv(readFileSync(file === '-' ? 0 : file, 'utf8'), { head, contiguous });
  } catch (err) {
    console.error(`verify-audit: cannot read ${file === '-' ? 'standard input' : file}: ${err.message}`);
    process.exit(2);
  }
  const range = result.rows ? `seq ${result.firstSeq}..${result.lastSeq}` : 'no events';
  if (!quiet || !result.ok) {
    for (const p of result.problems) console.log(`BROKEN ${p.seq === null ? '-' : `seq ${p.seq}`}${p.line ? ` (line ${p.line})` : ''}: ${p.problem}`);
    if (!contiguous && result.gaps.length) {
      console.log(`note: ${result.gaps.length} gap(s) in seq (a filtered selection); links checked only between consecutive seqs`);
    }
  }
  if (result.ok) {
    console.log(`OK: ${result.rows} event(s), ${range}, every hash verifies${head ? `; the given chain head is seq ${result.headSeq}` : ''}${result.lastHash ? `; last hash ${result.lastHash}` : ''}`);
    process.exit(0);
  }
  console.log(`FAILED: ${result.problems.length} problem(s) in ${result.rows} event(s), ${range}; first broken seq ${result.problems.find((p) => p.seq !== null)?.seq ?? '-'}`);
  process.exit(1);
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : null;
if (invoked === import.meta.url) main(process.argv.slice(2));
