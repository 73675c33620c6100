/**
 * Masks credentials that must never reach Slack, a PR or a log, should a tool print one: AWS access keys,
 * Slack and GitHub tokens, private keys, and `key=value` pairs whose key names a secret. Terraform already
 * masks values marked sensitive; this is the second line of defence for log tails and plan text.
 */
const patterns: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted aws key id]'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, '[redacted slack token]'],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, '[redacted slack token]'],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, '[redacted github token]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, '[redacted github token]'],
  [/\bNRAK-[A-Z0-9]{20,}\b/g, '[redacted new relic key]'],
  [
    // A key ending in a secret word (`password`, `DB_PASSWORD`, `"auth_token"`), then its value, and the new
    // value of a change (`"a" -> "b"`). Terraform's own placeholders and keys like `token_url` stay.
    /(?<![\w.:/-])(["']?)([\w.-]*?(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|secret[_-]?key))\1(\s*[=:]\s*)(?!\((?:sensitive value|known after apply)\)|\[redacted)(?:"[^"]*"|'[^']*'|\S+)(?:\s*->\s*(?:"[^"]*"|'[^']*'|\S+))?/gi,
    '$1$2$1$3[redacted]',
  ],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}

/** The last `lines` lines of a log, with secrets masked. */
export function logTail(log: string, lines: number): string {
  const all = log.replace(/\r\n/g, '\n').trimEnd().split('\n');
  return redactSecrets(all.slice(-lines).join('\n'));
}
