/**
 * The DKFDS page skeleton every caseworker page shares: skip link, header with the system's name and the
 * acting caseworker, breadcrumbs, the main container and the footer. Pages are Danish (`lang="da"`).
 */
import type { FastifyReply } from 'fastify';
import { breadcrumbs, dkfdsPath, type Crumb } from './components.ts';
import { html, htmlText, raw, render, type SafeHtml } from './html.ts';
import { csrfField, type WebActor } from './web-actor.ts';

/** The page's one script of its own: starts the design system's components (no inline script, for the CSP). */
export const pageScriptPath = '/static/ydelse.js';
export const pageScript = 'DKFDS.init();\n';

export const systemName = 'OpenYdelse';

/**
 * The page's one stylesheet: the design system's, served with the few rules of our own appended (so a page
 * loads the design system, its script and ours, nothing else). Served beside DKFDS's own CSS, so its
 * relative addresses of fonts and icons still resolve.
 */
export const pageStylePath = `${dkfdsPath}/css/dkfds-openydelse.css`;
export const pageStyleRules = `
/* OpenYdelse: a CPR number never wraps mid-number. */
.cpr{white-space:nowrap}
/* A table's screen-reader texts (absolutely placed) stay inside its scrolling region on a narrow screen. */
.table--responsive-scroll{position:relative}
/* The runs chart scales to its container. */
.chart{max-width:100%;height:auto}
`;

/** The favicon: the letters "OY" on the design system's dark blue. */
export const faviconPath = '/static/favicon.svg';
export const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1a3a5e"/><text x="16" y="21.5" font-family="Arial,sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">OY</text></svg>
`;

export interface PageOptions {
  /** The page's own title; the document title becomes `title – OpenYdelse`. */
  readonly title: string;
  /** Prefixes the document title with "Fejl: " so screen readers hear it first. */
  readonly hasErrors?: boolean;
  /** Absent when the acting caseworker is unknown (a misconfigured server's error pages). */
  readonly actor: WebActor | undefined;
  readonly breadcrumbs?: readonly Crumb[];
  readonly main: SafeHtml;
}

/** Who is signed in, and the sign-out button. */
function signedIn(actor: WebActor): SafeHtml {
  return html`<p>Logget ind som ${actor.label}</p>
    <form method="post" action="/log-ud">
      <button type="submit" class="button button-tertiary">Log ud</button>
    </form>`;
}

function header(actor: WebActor | undefined): SafeHtml {
  const user = actor === undefined ? undefined : signedIn(actor);
  return html`<header class="header">
    <div class="solution-info">
      <div class="solution-info-inner container">
        <div class="solution-heading"><a href="/">${systemName}</a></div>
        <div class="additional-info">
          <p><strong class="authority-name">Sagsbehandling af kommunale ydelser</strong></p>
          ${user !== undefined && user}
        </div>
      </div>
    </div>
    ${actor !== undefined && menu(actor)}
    ${user !== undefined && html`<div class="container d-lg-none pb-4">${user}</div>`}
  </header>`;
}

/** The main menu, for a signed-in user: the system owner also gets the access log and the runs. */
function menu(actor: WebActor): SafeHtml {
  return html`<div class="navigation-menu d-block">
    <div class="navigation-menu-inner container px-4">
      <nav class="nav d-block" aria-label="Hovedmenu">
        <ul class="mainmenu">
          <li>
            <a href="/opgaver" class="nav-link"><span>Opgaveindbakke</span></a>
          </li>
          <li>
            <a href="/satser" class="nav-link"><span>Satser</span></a>
          </li>
          ${
            actor.actor.kind === 'bruger' &&
            actor.actor.roles.includes('systemansvarlig') &&
            html`<li>
                <a href="/adgangslog" class="nav-link"><span>Adgangslog</span></a>
              </li>
              <li>
                <a href="/koersler" class="nav-link"><span>Kørsler</span></a>
              </li>`
          }
        </ul>
      </nav>
    </div>
  </div>`;
}

function footer(): SafeHtml {
  return html`<footer>
    <div class="footer">
      <div class="container">
        <ul class="align-text-left unstyled-list inline-list">
          <li><a class="function-link" href="/">Forside</a></li>
          <li><a class="function-link" href="/api/docs">API-dokumentation</a></li>
          <li>${systemName} er open source-software til kommunernes kontantydelser</li>
        </ul>
      </div>
    </div>
  </footer>`;
}

const postForm = /<form\b[^>]*\bmethod="post"[^>]*>/g;

/**
 * Every form that posts carries the session's CSRF token, added here once for every page, so no form can
 * forget it. Attribute values are escaped, so a `>` inside a form tag only ever ends the tag.
 */
function withCsrfTokens(content: SafeHtml, actor: WebActor | undefined): SafeHtml {
  if (actor === undefined) return content;
  const field = htmlText(csrfField(actor));
  return raw(htmlText(content).replace(postForm, (tag) => `${tag}${field}`));
}

/** A whole page. */
export function page(options: PageOptions): SafeHtml {
  return withCsrfTokens(wholePage(options), options.actor);
}

function wholePage(options: PageOptions): SafeHtml {
  const title = `${options.hasErrors === true ? 'Fejl: ' : ''}${options.title} – ${systemName}`;
  const trail = options.breadcrumbs === undefined ? html`` : breadcrumbs(options.breadcrumbs);
  return html`<html lang="da">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title}</title>
      <link rel="icon" href="${faviconPath}" type="image/svg+xml" />
      <link rel="stylesheet" href="${pageStylePath}" />
    </head>
    <body>
      <a class="skipnav" href="#main-content">Gå til indhold</a>
      ${header(options.actor)}
      <div class="container page-container">
        ${trail}
        <main id="main-content" tabindex="-1">${options.main}</main>
      </div>
      ${footer()}
      <script src="${dkfdsPath}/js/dkfds.min.js"></script>
      <script src="${pageScriptPath}"></script>
    </body>
  </html>`;
}

/** Sends a page with its status as UTF-8 HTML. */
export function sendPage(reply: FastifyReply, status: number, content: SafeHtml): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(render(content));
}
