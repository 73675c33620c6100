import { setFlagsFromString } from 'node:v8';

type Hcl2Json = typeof import('@cdktf/hcl2json');

let hcl2json: Promise<Hcl2Json> | undefined;

/**
 * Loads `@cdktf/hcl2json` on first use: importing it starts its WebAssembly parser, which a run that parses
 * nothing should not pay. The parser is a 4 MB Go program; V8's default tiering compiles its hot functions
 * again with TurboFan in the background, which costs more CPU than a short run ever wins back (measured: start
 * 350 → 200 ms of CPU, 100 parses 1.2 s → 0.3 s, 1,000 parses no slower). So WebAssembly compiled in this
 * process stays on the Liftoff baseline compiler; nothing else in infrabot compiles WebAssembly.
 */
function loadParser(): Promise<Hcl2Json> {
  if (!hcl2json) {
    setFlagsFromString('--liftoff-only');
    hcl2json = import('@cdktf/hcl2json');
  }
  return hcl2json;
}

/**
 * Starts loading the parser in the background, so that compiling its WebAssembly overlaps other work (reading
 * the configuration); call it when parsing is likely. Failures surface on the first parse.
 */
export function startTerraformParser(): void {
  loadParser().catch(() => undefined);
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
 * Parses one Terraform file into its JSON form: HCL (`.tf`, `.tofu`) with the real HCL parser of
 * `@cdktf/hcl2json`, JSON syntax (`.tf.json`, `.tofu.json`) with `JSON.parse`.
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
