// Reads one Parquet file with two independent readers and prints what each saw as JSON:
//   node read-parquet.mjs FILE
// duckdb: column names/types, rows, footer facts (codec, encodings, statistics, key-value metadata)
// hyparquet: column names, rows, key-value metadata
// arrow: the ARROW:schema entry decoded by apache-arrow (field names, types, nullability, metadata)
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { tableFromIPC } from 'apache-arrow';

const file = process.argv[2];
const plain = (v) => JSON.parse(JSON.stringify(v, (_, x) =>
  typeof x === 'bigint' ? Number(x) : (x instanceof Uint8Array ? Array.from(x) : x)));

async function duck() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const q = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
  const f = file.replaceAll("'", "''");
  const columns = await q(`DESCRIBE SELECT * FROM read_parquet('${f}')`);
  const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${f}')`)).getRowObjectsJS();
  const meta = await q(`SELECT row_group_id, row_group_num_rows, path_in_schema, type, compression, encodings,
      stats_min_value, stats_max_value, stats_null_count, num_values FROM parquet_metadata('${f}')`);
  const kv = (await conn.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${f}')`)).getRowObjectsJS();
  return { columns: columns.map(c => ({ name: c.column_name, type: c.column_type })), rows: plain(rows), meta, kv };
}

async function hyp() {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const rows = await parquetReadObjects({ file: buffer });
  const columns = metadata.schema.slice(1).filter(s => s.num_children === undefined || s.num_children === null)
    .map(s => s.name);
  const kv = (metadata.key_value_metadata ?? []).map(e => ({ key: e.key, value: e.value }));
  return { rows: plain(rows), numRows: Number(metadata.num_rows), rowGroups: metadata.row_groups.length, leafNames: columns, kv };
}

function arrow(kv) {
  const entry = kv.find(e => e.key === 'ARROW:schema');
  if (!entry) return null;
  const message = Buffer.from(entry.value, 'base64');
  const eos = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  const table = tableFromIPC(Buffer.concat([message, eos]));
  const describe = (f) => ({ name: f.name, type: String(f.type), nullable: f.nullable, children: (f.type.children ?? []).map(describe) });
  return { fields: table.schema.fields.map(describe), metadata: Object.fromEntries(table.schema.metadata) };
}

const h = await hyp();
const out = { duckdb: await duck(), hyparquet: h, arrow: arrow(h.kv) };
process.stdout.write(JSON.stringify(out));
