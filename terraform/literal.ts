/**
 * Terraform reads every string of the synthesized JSON as a template: `${…}` is an interpolation and `%{…}` a
 * directive. Text that is not meant for Terraform (a buildspec's bash `${VAR:-default}`)
 * must reach AWS as written, so its `${` and `%{` are doubled (`$${`, `%%{`), which Terraform turns back into
 * the literal characters.
 */
export function terraformLiteral(text: string): string {
  // A function replacer: in a replacement string `$$` would itself collapse to one `$`.
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}
