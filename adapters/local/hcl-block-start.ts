/**
 * A cheap first look at an HCL file before parsing it: HCL ends every block and attribute with a newline, so a
 * block starts a line, after blanks or the end of a comment. A file with no such line beginning with `type` holds
 * no block of that type (`value = module.net.id` does not start one); the parser decides for every file that has.
 */
export function blockStart(type: 'module' | 'terraform'): RegExp {
  return new RegExp(`^(?:[ \\t\\uFEFF]*|.*\\*\\/[ \\t]*)${type}\\b`, 'm');
}
