import { Link, NavLink, Outlet } from "react-router";

/** Header with the main navigation, the page in `<main>`, and the footer: every page's frame. */
export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link to="/" className="brand">
            Turnout
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink to="/events">Events</NavLink>
              </li>
              <li>
                <NavLink to="/sign-in">Sign in</NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="container site-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container footer-row">
          <p>Turnout: events, sign-ups and seats.</p>
          {/* Served by the gateway, not by this app: a full page load, not a client route. */}
          <a href="/api/docs/">API documentation</a>
        </div>
      </footer>
    </div>
  );
}
