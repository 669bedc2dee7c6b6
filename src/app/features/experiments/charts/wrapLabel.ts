/**
 * A bar's label in lines of at most `width` characters, broken at spaces (a longer word is cut
 * into pieces), at most `maxLines` lines: "from scratch" → ["from", "scratch"], never "from sc…".
 * Only a label longer than maxLines × width loses its tail (the full text stays in the <title>).
 */
export function wrapLabel(label: string, width = 10, maxLines = 3): string[] {
  const words = label.split(/\s+/).filter(Boolean).flatMap((w) => w.match(new RegExp(`.{1,${width}}`, 'g')) ?? []);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, width - 1)}…`;
  return kept;
}
