// Markdown to HTML as GitHub turns it: CommonMark with the GFM extensions (tables, task lists,
// strikethrough, autolinks, the tag filter), raw HTML kept (GitHub allows `<details>`, `<sub>`,
// `<br>`, … and hides HTML comments). micromark is the reference CommonMark parser the rest of
// the project already reads Markdown with, so what it shows is what the parser sees.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

export function githubHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}
