// Reads ianaports' Parquet files with DuckDB, an implementation other than
// the one that wrote them, and checks them against a manifest the Go tests
// write (cmd/export/duckdb_test.go):
//
//   node ci/duckdb/check.mjs MANIFEST.json
//
// The manifest is a JSON array of files:
//
//   [{"path": "ports.parquet", "rows": 14620, "created_by": "ianaports",
//     "columns": [{"name": "id", "type": "integer", "sha256": "..."}, ...]}]
//
// A relative path is taken from the manifest's directory; created_by is
// optional. For each file this checks the row count, the columns' names
// and order, each column's DuckDB type (integer BIGINT, number DOUBLE,
// text and any VARCHAR, blob BLOB, boolean BOOLEAN, date DATE), and each
// column's checksum: the SHA-256 of, for each row in file order, the
// value's canonical text followed by "\n", where the canonical text is
//
//   NULL     \N
//   integer  decimal: -5
//   number   the IEEE 754 binary64 bits as 16 lowercase hex digits,
//            big-endian: 1.5 is 3ff8000000000000, -0 8000000000000000;
//            any NaN is nan (JavaScript does not keep a NaN's payload)
//   boolean  true or false
//   date     YYYY-MM-DD
//   text     the string as it is, encoded as UTF-8
//   any      as text
//   blob     the bytes as lowercase hex
//
// It prints one line per file and exits 1 if any check failed, 2 on a
// usage or manifest error.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const duckdbTypes = {
  integer: 'BIGINT',
  number: 'DOUBLE',
  text: 'VARCHAR',
  any: 'VARCHAR',
  blob: 'BLOB',
  boolean: 'BOOLEAN',
  date: 'DATE',
};

const msPerDay = 86400000;

function fail(message, code = 2) {
  console.error(`check.mjs: ${message}`);
  process.exit(code);
}

function sqlString(s) {
  return `'${s.replaceAll("'", "''")}'`;
}

// canonical gives a value's canonical text, by its column's manifest type.
function canonical(type, v) {
  if (v === null || v === undefined) {
    return '\\N';
  }
  switch (type) {
    case 'integer':
      if (typeof v !== 'bigint') break;
      return v.toString();
    case 'number': {
      if (typeof v !== 'number') break;
      if (Number.isNaN(v)) return 'nan';
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, v, false);
      return view.getBigUint64(0, false).toString(16).padStart(16, '0');
    }
    case 'boolean':
      if (typeof v !== 'boolean') break;
      return v ? 'true' : 'false';
    case 'date': {
      if (typeof v.days !== 'number') break;
      const d = new Date(v.days * msPerDay);
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 0 || d.getUTCFullYear() > 9999) {
        throw new Error(`date of ${v.days} days since 1970-01-01 has no YYYY-MM-DD form`);
      }
      return d.toISOString().slice(0, 10);
    }
    case 'text':
    case 'any':
      if (typeof v !== 'string') break;
      return v;
    case 'blob':
      if (!(v.bytes instanceof Uint8Array)) break;
      return Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength).toString('hex');
  }
  throw new Error(`unexpected ${typeof v} value ${String(v)} for type ${type}`);
}

async function checkFile(connection, file, base) {
  const where = path.resolve(base, file.path);
  const problems = [];
  const lit = sqlString(where);

  if (file.created_by !== undefined) {
    const meta = await connection.runAndReadAll(`SELECT created_by FROM parquet_file_metadata(${lit})`);
    const createdBy = meta.getRows()[0]?.[0];
    if (createdBy !== file.created_by) {
      problems.push(`created_by ${JSON.stringify(createdBy)}, want ${JSON.stringify(file.created_by)}`);
    }
  }

  // file_row_number keeps the file's row order, whatever the threads do.
  const result = await connection.stream(
    `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${lit}, file_row_number = true) ORDER BY file_row_number`,
  );
  const names = result.columnNames();
  const want = file.columns.map((c) => c.name);
  if (JSON.stringify(names) !== JSON.stringify(want)) {
    problems.push(`columns ${JSON.stringify(names)}, want ${JSON.stringify(want)}`);
    return { where, problems, rows: null };
  }
  file.columns.forEach((c, i) => {
    const got = result.columnType(i).toString();
    if (duckdbTypes[c.type] === undefined) {
      problems.push(`column ${c.name}: unknown type ${c.type} in the manifest`);
    } else if (got !== duckdbTypes[c.type]) {
      problems.push(`column ${c.name}: DuckDB type ${got}, want ${duckdbTypes[c.type]} for ${c.type}`);
    }
  });
  if (problems.length > 0) {
    return { where, problems, rows: null };
  }

  const hashes = file.columns.map(() => createHash('sha256'));
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
    file.columns.forEach((c, i) => {
      for (const v of chunk.getColumnValues(i)) {
        hashes[i].update(canonical(c.type, v), 'utf8');
        hashes[i].update('\n');
      }
    });
  }
  if (rows !== file.rows) {
    problems.push(`${rows} rows, want ${file.rows}`);
  }
  file.columns.forEach((c, i) => {
    const got = hashes[i].digest('hex');
    if (got !== c.sha256) {
      problems.push(`column ${c.name} (${c.type}): sha256 ${got}, want ${c.sha256}`);
    }
  });
  return { where, problems, rows };
}

async function main() {
  if (process.argv.length !== 3) {
    fail('usage: node ci/duckdb/check.mjs MANIFEST.json');
  }
  const manifestPath = process.argv[2];
  let files;
  try {
    files = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    fail(`manifest ${manifestPath}: ${err.message}`);
  }
  if (!Array.isArray(files) || files.length === 0) {
    fail(`manifest ${manifestPath}: want a non-empty array of files`);
  }
  for (const [i, f] of files.entries()) {
    if (typeof f?.path !== 'string' || !Number.isInteger(f.rows) || !Array.isArray(f.columns)) {
      fail(`manifest ${manifestPath}: file ${i}: want path, rows and columns`);
    }
    for (const c of f.columns) {
      if (typeof c?.name !== 'string' || typeof c.type !== 'string' || typeof c.sha256 !== 'string') {
        fail(`manifest ${manifestPath}: ${f.path}: each column wants name, type and sha256`);
      }
      if (c.name === 'file_row_number') {
        fail(`manifest ${manifestPath}: ${f.path}: a column named file_row_number clashes with the row order this check reads`);
      }
    }
  }
  const base = path.dirname(path.resolve(manifestPath));

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];
  let failed = 0;
  for (const file of files) {
    let res;
    try {
      res = await checkFile(connection, file, base);
    } catch (err) {
      res = { where: path.resolve(base, file.path), problems: [err.message], rows: null };
    }
    if (res.problems.length === 0) {
      console.log(`ok   ${res.where}: ${res.rows} rows, ${file.columns.length} columns match (DuckDB ${version})`);
    } else {
      failed++;
      console.log(`FAIL ${res.where}: ${res.problems.join('; ').replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  connection.closeSync();
  instance.closeSync();
  if (failed > 0) {
    console.log(`${failed} of ${files.length} Parquet files failed DuckDB's check`);
    process.exit(1);
  }
}

main().catch((err) => fail(err.stack ?? String(err)));
