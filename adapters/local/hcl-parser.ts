type Hcl2Json = typeof import('@cdktf/hcl2json');

let hcl2json: Promise<Hcl2Json> | undefined;

/**
 * Loads `@cdktf/hcl2json`, HashiCorp's own HCL parser compiled from Go, on first use: its 4 MB of WebAssembly
 * take a few hundred milliseconds to start, which only a file that tree-sitter cannot read should cost.
 */
function loadParser(): Promise<Hcl2Json> {
  hcl2json ??= import('@cdktf/hcl2json');
  return hcl2json;
}

/** A Terraform file the parser refused. `message` says where (`line 2, column 11: …`) when the parser knows. */
export class TerraformParseError extends Error {
  override name = 'TerraformParseError';
  readonly code = 'terraform_parse_error';
}

/** `parse config: [main.tf:2,11-3,1: Invalid expression; …]` → `line 2, column 11: Invalid expression; …`. */
function cleanMessage(fileName: string, message: string): string {
  const inner = (/^parse config: \[([\s\S]*)\]$/.exec(message.trim())?.[1] ?? message).replace(/\s+/g, ' ').trim();
  if (!inner.startsWith(`${fileName}:`)) return inner;
  const position = /^:(\d+),(\d+)(?:-[\d,]+)?: /.exec(inner.slice(fileName.length));
  if (!position) return inner.slice(fileName.length + 1).trim();
  return `line ${position[1]}, column ${position[2]}: ${inner.slice(fileName.length + position[0].length)}`;
}

/**
 * Parses one Terraform file into its JSON form: HCL (`.tf`, `.tofu`) with HashiCorp's HCL parser from
 * `@cdktf/hcl2json` (the reference for what is valid, and for error messages), JSON syntax (`.tf.json`, `.tofu.json`) with `JSON.parse`.
 * @param fileName used for the type of syntax and in error messages
 * @throws TerraformParseError when the text is not valid in that syntax
 */
export async function parseTerraformFile(fileName: string, text: string): Promise<unknown> {
  if (fileName.endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new TerraformParseError(`invalid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const { parse } = await loadParser();
  try {
    return await parse(fileName, text);
  } catch (error) {
    throw new TerraformParseError(cleanMessage(fileName, error instanceof Error ? error.message : String(error)), {
      cause: error,
    });
  }
}
