import { describe, expect, it } from 'vitest';
import { escapeHtml, html, htmlText, isSafeHtml, raw, render, type HtmlValue } from './html.ts';

// An alias, so the formatter leaves the expected markup byte for byte as written.
const tag = html;
const text = (value: HtmlValue): string => htmlText(tag`<p>${value}</p>`);

describe('the html template', () => {
  it.each<[string, HtmlValue, string]>([
    ['a script tag', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['double quotes', 'say "hej"', '<p>say &quot;hej&quot;</p>'],
    ['single quotes', "Peter's", '<p>Peter&#39;s</p>'],
    ['an ampersand', 'Ærø & Marstal', '<p>Ærø &amp; Marstal</p>'],
    ['an existing entity, escaped again as text', '&amp;', '<p>&amp;amp;</p>'],
    ['a number', 101, '<p>101</p>'],
    ['a bigint', 12n, '<p>12</p>'],
    ['false', false, '<p></p>'],
    ['null', null, '<p></p>'],
    ['undefined', undefined, '<p></p>'],
    ['an empty string', '', '<p></p>'],
    ['nested SafeHtml, not escaped twice', tag`<b>${'a&b'}</b>`, '<p><b>a&amp;b</b></p>'],
    ['raw trusted markup', raw('<br>'), '<p><br></p>'],
    ['an array of mixed values', ['<i>', tag`<i>${'x'}</i>`, 3], '<p>&lt;i&gt;<i>x</i>3</p>'],
    ['a nested array', [['a', ['<b>']]], '<p>a&lt;b&gt;</p>'],
  ])('escapes %s', (_name, value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it('escapes a value inside an attribute so it cannot end the attribute', () => {
    const value = '" onmouseover="alert(1)';
    expect(htmlText(tag`<input value="${value}">`)).toBe('<input value="&quot; onmouseover=&quot;alert(1)">');
  });

  it('leaves the template literal text alone', () => {
    expect(htmlText(tag`<a href="/?a=1&b=2">x</a>`)).toBe('<a href="/?a=1&b=2">x</a>');
  });

  it('recognises only its own fragments as safe', () => {
    expect(isSafeHtml(tag`x`)).toBe(true);
    expect(isSafeHtml({ value: '<b>' })).toBe(false);
    expect(isSafeHtml('<b>')).toBe(false);
  });

  it('renders a document with the doctype', () => {
    expect(render(tag`<html lang="da"></html>`)).toBe('<!DOCTYPE html>\n<html lang="da"></html>');
  });

  it('escapes the five special characters and nothing else', () => {
    expect(escapeHtml(`<>&"'æøå`)).toBe('&lt;&gt;&amp;&quot;&#39;æøå');
  });
});
