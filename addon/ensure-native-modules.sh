#!/bin/sh
# Build stage only: makes sure both native modules load on this image's libc (glibc) and architecture.
# package-lock.json is written on an x64 machine and may lack other platforms' optional packages
# (npm/cli#4828), so DuckDB's -linux-<arch> binding is installed here by name, at exactly the
# version @duckdb/node-bindings pins, when npm did not bring it. Then drops what the runtime
# cannot use: Debian's npm 9 ignores the packages' libc field and also installs DuckDB's musl
# binding (70 MB), and better-sqlite3's compile leaves the SQLite sources and object files (27 MB).
set -eu
cd /app
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
binding="@duckdb/node-bindings-linux-${arch}"
if [ ! -d "node_modules/$binding" ]; then
  version=$(node -p "require('./node_modules/@duckdb/node-bindings/package.json').optionalDependencies['$binding']")
  echo "installing $binding@$version (missing from the lock file)"
  npm install --no-save --omit=dev --no-audit --no-fund "$binding@$version"
fi
rm -rf node_modules/@duckdb/node-bindings-linux-*-musl \
  node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
  node_modules/better-sqlite3/build/Release/obj* node_modules/better-sqlite3/build/Release/.deps \
  node_modules/better-sqlite3/build/deps
node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
node --input-type=module -e "
const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run('select 42');
console.log('native modules load: better-sqlite3, DuckDB');
"
