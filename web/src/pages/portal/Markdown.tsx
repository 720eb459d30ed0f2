// A product's description: Markdown rendered by markdown-it with HTML off, so that whatever a
// merchant typed (a <script>, an <img onerror>) is shown as text and never becomes an element.
// markdown-it also refuses javascript:, vbscript:, file: and data: links (its validateLink).
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

// Links lead away from the portal: a new tab without the opener, and no endorsement for search engines.
const renderLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet('rel', 'nofollow ugc noopener noreferrer');
    token.attrSet('target', '_blank');
  }
  return renderLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // Safe: markdown-it with html:false escapes every tag of the source.
  return <div className={className} data-testid="product-description" dangerouslySetInnerHTML={{ __html: html }} />;
}
