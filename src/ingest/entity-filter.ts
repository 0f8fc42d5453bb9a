// Include/exclude by domain and entity glob, as the options say.
import { domainOf } from "../core/home-event.js";

export interface FilterOptions {
  include_domains: string[];
  exclude_domains: string[];
  include_entities: string[];
  exclude_entities: string[];
}

export type EntityFilter = (entity: string) => boolean;

/** Excludes win over includes; empty include lists mean "everything". Results are cached per entity. */
export function createEntityFilter(options: FilterOptions): EntityFilter {
  const includeDomains = new Set(options.include_domains);
  const excludeDomains = new Set(options.exclude_domains);
  const include = options.include_entities.map(globToRegExp);
  const exclude = options.exclude_entities.map(globToRegExp);
  const cache = new Map<string, boolean>();
  return (entity) => {
    let keep = cache.get(entity);
    if (keep === undefined) {
      const domain = domainOf(entity);
      keep =
        !excludeDomains.has(domain) &&
        !exclude.some((re) => re.test(entity)) &&
        (includeDomains.size === 0 || includeDomains.has(domain)) &&
        (include.length === 0 || include.some((re) => re.test(entity)));
      cache.set(entity, keep);
    }
    return keep;
  };
}

/** "*" matches any run of characters, "?" one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
