// `recipients.where` and a campaign's `where` are SQL the operator writes; the agent puts them,
// in brackets, into its own statements (reading recipients, finding and locking rows). Checked as
// text when the config is loaded, so a mistake is named with its key and its fix before anything
// runs, and nothing in it can reach past its brackets into the agent's own SQL:
//   - brackets and quotes must balance: an unbalanced ')' would close the agent's bracket;
//   - no comment (--, /* */) and no ';': a comment swallows what follows it on the line (ORDER BY,
//     FOR UPDATE, the paging condition), a ';' starts a second statement;
//   - no '?' and no backslash: knex and the drivers read '?' as a positional value even inside a
//     quoted string, and a backslash in a string means different things to different servers
//     (MySQL's escape, PostgreSQL's plain character): values belong in params;
//   - every :name has a value in params.
// MySQL's '#' comment is not refused ('#' is an operator in PostgreSQL): the closing bracket is
// written on a line of its own (src/store/mapping.ts), so a line comment ends before it.

/** What is wrong with a where, each as a sentence that says the fix; [] when nothing. `paramsKey`: where its params go. */
export function whereProblems(sql: string, params: Record<string, unknown>, paramsKey: string): string[] {
  const problems: string[] = [];
  const plain = outsideQuotes(sql, problems);
  if (plain === null) return problems;
  let depth = 0;
  for (const ch of plain) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) break;
  }
  if (depth < 0) problems.push('has a ")" that closes a bracket it did not open; balance the brackets.');
  else if (depth > 0) problems.push(`leaves ${depth} "(" unclosed; balance the brackets.`);
  if (/--|\/\*|\*\//.test(plain)) problems.push('holds a comment (-- or /* */), which would hide the rest of the statement; remove it.');
  if (plain.includes(';')) problems.push('holds a ";"; write one condition, not statements.');
  if (sql.includes('?')) problems.push('holds a "?", which the database driver takes for a value; use a :name parameter (with its value in ' + `${paramsKey}) instead.`);
  if (sql.includes('\\')) problems.push('holds a backslash, which databases read differently; put such a value in a :name parameter.');
  for (const name of new Set([...plain.matchAll(/(?<![:\w]):(\w+)/g)].map((m) => m[1]!))) {
    if (!(name in params)) problems.push(`uses :${name}, which has no value; add it to ${paramsKey} (e.g. ${paramsKey}: { ${name}: ... }).`);
  }
  return problems;
}

/** The text with every quoted part ('...', "...", `...`; a doubled quote stays inside) blanked out; null when a quote is left open. */
function outsideQuotes(sql: string, problems: string[]): string | null {
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    const q = sql[i]!;
    if (q !== "'" && q !== '"' && q !== '`') { out += q; continue; }
    let end = i + 1;
    for (; end < sql.length; end++) {
      if (sql[end] !== q) continue;
      if (sql[end + 1] === q) { end++; continue; }
      break;
    }
    if (end >= sql.length) {
      problems.push(`opens a ${q} quote that is never closed; close it (a ${q} inside is written twice).`);
      return null;
    }
    out += ' '.repeat(end - i + 1);
    i = end;
  }
  return out;
}
