// Rewrites a Parquet file with DuckDB's own writer (an independent encoder: its page layout, encodings
// and dictionary choices differ from Fleet's), so Fleet's reader and verifier can be checked against it:
//   node rewrite-parquet.mjs SRC DST [CODEC]    (CODEC: snappy | gzip | uncompressed; default snappy)
import { DuckDBInstance } from '@duckdb/node-api';

const [src, dst, codec = 'snappy'] = process.argv.slice(2);
const q = (s) => s.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`COPY (SELECT * FROM read_parquet('${q(src)}')) TO '${q(dst)}' (FORMAT parquet, COMPRESSION ${codec})`);
