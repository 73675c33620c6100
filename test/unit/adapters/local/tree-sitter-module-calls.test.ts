import { describe, expect, it } from 'vitest';
import { parseTerraformFile } from '../../../../adapters/local/hcl-parser';
import { moduleCallsOf } from '../../../../adapters/local/module-calls';
import { treeSitterModuleCalls } from '../../../../adapters/local/tree-sitter-module-calls';

/** Files whose module calls both parsers must read alike: the constructs around a `source` that could confuse one. */
const corpus: Record<string, string> = {
  'a plain call': 'module "net" {\n  source = "../../modules/net"\n  cidr   = "10.0.0.0/16"\n}\n',
  'one-line blocks and an identifier label': 'module "a" { source = "./a" }\nmodule b {\n  source = "./b"\n}\n',
  'escapes in the source': 'module "q" {\n  source = "./we\\"ird\\\\dir\\u0041$${x}"\n}\n',
  'a registry source and a count':
    'module "dns" {\n  source  = "hashicorp/dns/aws"\n  version = "~> 1.0"\n  count   = 2\n}\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL template, not a JS one
  'an interpolated source, which Terraform refuses': 'module "x" {\n  source = "./${var.name}"\n}\n',
  'a call without a source': 'module "empty" {\n  providers = { aws = aws.east }\n}\n',
  'nested blocks and expressions around the call': [
    'locals {',
    '  names = [for s in var.list : upper(s) if s != ""]',
    '  arn   = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x")',
    '}',
    'resource "terraform_data" "x" {',
    '  input = "%{ if var.on }module \\"fake\\" { source = \\"./fake\\" }%{ endif }"',
    '  lifecycle {',
    '    ignore_changes = [input]',
    '  }',
    '}',
    'module "real" {',
    '  source = "./real" # comment',
    '  text   = <<-EOT',
    '    module "heredoc" {',
    '      source = "./not-a-call"',
    '    }',
    '  EOT',
    '  /* module "commented" { source = "./no" } */',
    '}',
    '',
  ].join('\n'),
  'no modules at all': 'output "id" {\n  value = module.net.id\n}\n',
  'an empty file': '',
};

async function referenceCalls(text: string) {
  return moduleCallsOf(await parseTerraformFile('main.tf', text));
}

describe('treeSitterModuleCalls', () => {
  it.each(Object.entries(corpus))('reads the same module calls as HashiCorp’s parser in %s', async (_, text) => {
    expect(await treeSitterModuleCalls(text)).toEqual(await referenceCalls(text));
  });

  it('reads labels and sources with their escapes decoded, templates kept as written', async () => {
    expect(await treeSitterModuleCalls(corpus['one-line blocks and an identifier label'] ?? '')).toEqual([
      { name: 'a', source: './a' },
      { name: 'b', source: './b' },
    ]);
    expect(await treeSitterModuleCalls(corpus['escapes in the source'] ?? '')).toEqual([
      { name: 'q', source: './we"ird\\dirA$${x}' },
    ]);
    expect(await treeSitterModuleCalls(corpus['an interpolated source, which Terraform refuses'] ?? '')).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL template, not a JS one
      { name: 'x', source: './${var.name}' },
    ]);
    expect(await treeSitterModuleCalls('module "h" {\n  source = <<EOT\n./h\nEOT\n}\n')).toEqual([]);
  });

  it('leaves a file with a syntax error to the reference parser', async () => {
    expect(await treeSitterModuleCalls('module "x" {\n  source = \n}\n')).toBeUndefined();
    expect(await treeSitterModuleCalls('module "x" {\n  source = "./x"\n')).toBeUndefined();
  });
});
