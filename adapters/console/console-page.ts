import { escapeHtml } from '../../core/render/html/escape';
import type { ConsoleUser } from './console-types';

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d1c1d; display: flex; flex-direction: column; height: 100vh; }
header { padding: 0.6rem 1rem; background: #3f0e40; color: #fff; display: flex; gap: 1rem; align-items: center; }
header h1 { font-size: 1rem; margin: 0; flex: 1; }
header a { color: #fff; }
#messages { flex: 1; overflow-y: auto; padding: 1rem; }
.message { margin: 0 0 0.9rem; max-width: 60rem; }
.message .author { font-weight: 700; }
.message.ephemeral { background: #f4f4f4; border-left: 3px solid #aaa; padding: 0.3rem 0.6rem; }
.message.ephemeral .author::after { content: ' · only visible to you'; font-weight: 400; color: #616061; font-size: 0.8rem; }
.message.ephemeral.direct .author::after { content: ' · direct message to you'; }
.message.in-thread { margin-left: 2rem; border-left: 2px solid #ddd; padding-left: 0.6rem; }
.section { margin: 0.2rem 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 0.2rem 1rem; }
.context { color: #616061; font-size: 0.85rem; }
.actions { margin: 0.4rem 0; display: flex; gap: 0.5rem; flex-wrap: wrap; }
.slack-button { border: 1px solid #bbb; background: #fff; border-radius: 4px; padding: 0.3rem 0.8rem; cursor: pointer; }
.slack-button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.slack-button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
pre { background: #f8f8f8; border: 1px solid #ddd; padding: 0.5rem; white-space: pre-wrap; font-size: 13px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
form { display: flex; gap: 0.5rem; padding: 0.8rem 1rem; border-top: 1px solid #ddd; }
form input { flex: 1; font: inherit; padding: 0.5rem; }
.watching .slack-button:not([data-url]) { cursor: default; opacity: 0.6; }
dialog h4 { margin-top: 0; }`;

const script = `
const messages = document.getElementById('messages');
const picker = document.getElementById('user');
const composer = document.getElementById('composer');
const post = (path, body) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
function place(event) {
  let node = document.querySelector('[data-ts="' + CSS.escape(event.ts) + '"]');
  if (!node) {
    node = document.createElement('div');
    node.dataset.ts = event.ts;
    messages.appendChild(node);
  }
  node.className = 'message' + (event.ephemeralFor ? ' ephemeral' : '') + (event.direct ? ' direct' : '') + (event.threadTs ? ' in-thread' : '');
  if (event.ephemeralFor) node.dataset.for = event.ephemeralFor;
  node.hidden = Boolean(event.ephemeralFor) && (!picker || event.ephemeralFor !== picker.value);
  const author = '<div class="author"></div>';
  const file = event.file ? '<div class="section">📎 <a target="_blank" href="/console/files/' + encodeURIComponent(event.file.id) + '"></a></div>' : '';
  node.innerHTML = author + event.html + file;
  node.querySelector('.author').textContent = event.from || 'infrabot';
  if (event.file) node.querySelector('a[href^="/console/files/"]').textContent = event.file.filename;
  messages.scrollTop = messages.scrollHeight;
}
new EventSource('/console/feed').addEventListener('message', (message) => place(JSON.parse(message.data)));
picker?.addEventListener('change', () => {
  for (const node of document.querySelectorAll('.message.ephemeral')) node.hidden = node.dataset.for !== picker.value;
});
composer?.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('command');
  const text = input.value.trim();
  if (text) post('/console/command', { user: picker.value, text });
  input.value = '';
});
function click(button) {
  post('/console/action', { user: picker.value, messageTs: button.dataset.message, actionId: button.dataset.actionId, value: button.dataset.value });
}
messages.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  const dialog = button.closest('dialog');
  if (dialog) {
    dialog.close();
    if (button.value === 'confirm') click(dialog.parentElement.querySelector('.slack-button'));
    return;
  }
  if (!button.classList.contains('slack-button')) return;
  if (button.dataset.url) { window.open(button.dataset.url, '_blank', 'noopener'); return; }
  if (!composer) return;
  const confirm = button.parentElement.querySelector('dialog');
  if (confirm) confirm.showModal(); else click(button);
});`;

/** Who you act as, and the box for commands: only in a console where people act (the embedded default). */
function actingParts(users: readonly ConsoleUser[]): { picker: string; composer: string } {
  if (users.length === 0) return { picker: '<span>watching Slack</span>', composer: '' };
  const options = users
    .map(
      (user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(user.name)} (${escapeHtml(user.role)})</option>`,
    )
    .join('');
  return {
    picker: `<label>Acting as <select id="user">${options}</select></label>`,
    composer:
      '<form id="composer"><input id="command" autocomplete="off" placeholder="/tf …" aria-label="command"><button>Send</button></form>',
  };
}

/**
 * The console: the conversation, who you act as, and a box for commands; with no `users`, the conversation only
 * (beside Slack, where people act in Slack). Its style and script carry `nonce`, the only ones its
 * Content-Security-Policy lets run (messages are escaped, and this keeps it so if one were not).
 */
export function consolePageHtml(users: readonly ConsoleUser[], nonce: string): string {
  const { picker, composer } = actingParts(users);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>infrabot console</title>',
    `<style nonce="${escapeHtml(nonce)}">${style}</style></head><body${users.length === 0 ? ' class="watching"' : ''}>`,
    `<header><h1>infrabot console</h1>${picker}`,
    '<a href="/locks">locks</a><a href="/jobs">jobs</a><a href="/audit">audit</a></header>',
    '<main id="messages" aria-live="polite"></main>',
    composer,
    `<script nonce="${escapeHtml(nonce)}">${script}</script>`,
    '</body></html>',
  ].join('\n');
}
