/**
 * A quoted string that starts like a local module path (`"./…"`, `"../…"`, or with backslashes). Terraform
 * takes a module `source` only as a literal string, so every local source appears in the text in this form.
 */
const localPathLiteral = /"(\.\.?[/\\][^"\n]*)"/g;

/** What the text of a Terraform file says, at most, about the local modules it may call. */
export interface LocalSourceTails {
  /** The last path segment of every local-looking path in the file: `"../../modules/vpc/"` gives `vpc`. */
  names: Set<string>;
  /** A path whose target cannot be told from the text (escapes, or ending in `..`): parse the file. */
  unsure: boolean;
}

/**
 * A cheap, conservative look at a file's text before parsing it: a module block calling local directory `M`
 * has a source ending in `M`'s last segment (after `/` and `.` segments), or ending in `..`, which is `unsure`.
 * A file whose names miss every directory of interest, and that is not unsure, calls none of them; the parser
 * decides for every other file.
 */
export function localSourceTails(text: string): LocalSourceTails {
  const names = new Set<string>();
  // A unicode escape could spell a path (`"\u002e./vpc"`) that the pattern below does not see.
  let unsure = /\\[uU]/.test(text);
  for (const match of text.matchAll(localPathLiteral)) {
    const path = match[1] ?? '';
    if (path.includes('\\')) {
      unsure = true;
      continue;
    }
    const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
    const last = segments[segments.length - 1];
    if (last === '..') unsure = true;
    else if (last !== undefined) names.add(last);
  }
  return { names, unsure };
}
