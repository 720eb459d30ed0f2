// A title with the parts that matched the search marked: each segment is text (React escapes it),
// never HTML, so a title can hold "<b>" and still be shown as written.
import type { HighlightSegment } from '../../api';

export function Highlight({ text, segments }: { text: string; segments?: HighlightSegment[] | null | undefined }) {
  // The segments cover the whole title; anything else (none, or out of date) shows the title plain.
  if (!segments || segments.length === 0 || segments.map((s) => s.text).join('') !== text) return <>{text}</>;
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          <mark key={i} className="hit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
