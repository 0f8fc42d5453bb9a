// DuckDB's answer to a table that does not exist guesses from its own catalog ("Did you mean
// "pg_enum"?"), which names tables the user cannot ask about: the tables they can are named instead.

const MISSING_TABLE = /^(Catalog Error: Table with name .+? does not exist!)(?:\nDid you mean "[^"\n]*"\?)?/;

/** The error with the guess replaced by "The tables you can query: events, …."; any other error as it is. */
export function withQueryableTables(message: string, tables: readonly string[]): string {
  return message.replace(
    MISSING_TABLE,
    (_all, missing: string) => `${missing} The tables you can query: ${tables.join(", ")}.`,
  );
}
