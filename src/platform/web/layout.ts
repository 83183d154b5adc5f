/**
 * The DKFDS page skeleton every caseworker page shares: skip link, header with the system's name and the
 * acting caseworker, breadcrumbs, the main container and the footer. Pages are Danish (`lang="da"`).
 */
import type { FastifyReply } from 'fastify';
import { breadcrumbs, dkfdsPath, type Crumb } from './components.ts';
import { html, render, type SafeHtml } from './html.ts';
import type { WebActor } from './web-actor.ts';

export const systemName = 'OpenYdelse';

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

function header(actor: WebActor | undefined): SafeHtml {
  const user = actor === undefined ? undefined : `Logget ind som ${actor.label}`;
  return html`<header class="header">
    <div class="solution-info">
      <div class="solution-info-inner container">
        <div class="solution-heading"><a href="/">${systemName}</a></div>
        <div class="additional-info">
          <p><strong class="authority-name">Sagsbehandling af kommunale ydelser</strong></p>
          ${user !== undefined && html`<p>${user}</p>`}
        </div>
      </div>
    </div>
    <div class="navigation-menu d-block">
      <div class="navigation-menu-inner container px-4">
        <nav class="nav d-block" aria-label="Hovedmenu">
          <ul class="mainmenu">
            <li>
              <a href="/opgaver" class="nav-link"><span>Opgaveindbakke</span></a>
            </li>
            <li>
              <a href="/satser" class="nav-link"><span>Satser</span></a>
            </li>
          </ul>
        </nav>
      </div>
    </div>
    ${user !== undefined && html`<div class="container d-lg-none pb-4"><p>${user}</p></div>`}
  </header>`;
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

/** A whole page. */
export function page(options: PageOptions): SafeHtml {
  const title = `${options.hasErrors === true ? 'Fejl: ' : ''}${options.title} – ${systemName}`;
  const trail = options.breadcrumbs === undefined ? html`` : breadcrumbs(options.breadcrumbs);
  return html`<html lang="da">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title}</title>
      <link rel="stylesheet" href="${dkfdsPath}/css/dkfds.min.css" />
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
      <script>
        DKFDS.init();
      </script>
    </body>
  </html>`;
}

/** Sends a page with its status as UTF-8 HTML. */
export function sendPage(reply: FastifyReply, status: number, content: SafeHtml): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(render(content));
}
