// HTML to plain text, just enough to read a bounce written only in HTML. A loop, not a regex,
// so a page full of unclosed "<" costs linear time.
const BLOCK = new Set(['br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'pre', 'blockquote', 'hr']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  let skipUntil = ''; // inside <script> or <style>
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const end = lt === -1 ? html.length : lt;
    if (!skipUntil) out += html.slice(i, end);
    if (lt === -1) break;
    const gt = html.indexOf('>', lt);
    if (gt === -1) break;
    const tag = html.slice(lt + 1, Math.min(gt, lt + 40)).toLowerCase();
    const name = /^\/?([a-z0-9]*)/.exec(tag)?.[1] ?? '';
    if (skipUntil) {
      if (tag.startsWith('/' + skipUntil)) skipUntil = '';
    } else if (name === 'script' || name === 'style') {
      if (!tag.startsWith('/')) skipUntil = name;
    } else if (BLOCK.has(name)) out += '\n';
    i = gt + 1;
  }
  return out
    .replace(/&(#?[a-z0-9]{1,8});/gi, (m, e: string) => ENTITIES[e.toLowerCase()] ?? (e.startsWith('#') ? String.fromCharCode(Number(e.slice(1)) || 32) : m))
    .split('\n').map((l) => l.trimEnd()).join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
