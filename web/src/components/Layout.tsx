import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useRoles, useSession } from "../auth/use-session";
import { useSignOut } from "../auth/use-sign-out";
import { useUnreadCount } from "../live/use-unread-count";

/** The unread count as a badge, with words for screen readers; nothing when it is zero. */
function UnreadBadge() {
  const unread = useUnreadCount();
  const count = unread && unread !== "0" ? unread : undefined;
  if (!count) return null;
  return (
    <>
      {" "}
      <span className="badge badge-count" aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden">({count} unread)</span>
    </>
  );
}

function NotificationsLink() {
  return (
    <NavLink to="/notifications">
      Notifications
      <UnreadBadge />
    </NavLink>
  );
}

/** Header with the main navigation, the page in `<main>`, and the footer: every page's frame. */
export function Layout() {
  const session = useSession();
  const roles = useRoles();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  // The phone's menu is open for one path only: following a link in it closes it.
  const [menuOpenAt, setMenuOpenAt] = useState<string | undefined>();
  const menuOpen = menuOpenAt === pathname;

  // After a client-side navigation, focus goes to the new page (as a page load would put it
  // at the top).
  const firstPath = useRef(true);
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    document.getElementById("main")?.focus();
  }, [pathname]);

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
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => {
              setMenuOpenAt(menuOpen ? undefined : pathname);
            }}
          >
            Menu
            {session ? <UnreadBadge /> : null}
          </button>
          <nav aria-label="Main" id="main-nav" className={menuOpen ? "nav open" : "nav"}>
            <ul className="nav-list">
              <li>
                <NavLink to="/events" end>
                  Events
                </NavLink>
              </li>
              {session ? (
                <>
                  <li>
                    <NavLink to="/my/registrations">My registrations</NavLink>
                  </li>
                  <li>
                    <NotificationsLink />
                  </li>
                  {roles.organizer ? (
                    <li>
                      <NavLink to="/my/events">My events</NavLink>
                    </li>
                  ) : null}
                  {roles.organizer ? (
                    <li>
                      <NavLink to="/organizer/webhooks">Webhooks</NavLink>
                    </li>
                  ) : null}
                  <li>
                    <NavLink to="/check-in">Check-in</NavLink>
                  </li>
                  {roles.admin ? (
                    <li>
                      <NavLink to="/admin/users">Users</NavLink>
                    </li>
                  ) : null}
                  <li>
                    <NavLink to="/profile">Profile</NavLink>
                  </li>
                  <li>
                    <NavLink to="/settings">Settings</NavLink>
                  </li>
                  <li>
                    <button type="button" className="nav-button" onClick={() => void signOut()}>
                      Sign out
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/sign-in">Sign in</NavLink>
                  </li>
                  <li>
                    <NavLink to="/sign-up">Sign up</NavLink>
                  </li>
                </>
              )}
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
