import { type SubmitEvent, useState } from "react";
import { useSearchParams } from "react-router";
import { listUsers } from "../../api/users";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { usePageTitle } from "../../components/use-page-title";
import { TextField } from "../../forms/fields";
import { formatMoment } from "../../format";
import { RoleEditor } from "./RoleEditor";

/** Everyone's profile (admins only), searchable by name, username or email prefix. */
export function AdminUsersPage() {
  usePageTitle("Users");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [typed, setTyped] = useState(q);
  const { query, items: users } = usePagedQuery(["admin", "users", q], (cursor) =>
    listUsers({ limit: 25, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) }),
  );

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setParams(typed.trim() ? { q: typed.trim() } : {});
  };

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Users</h1>
      <form role="search" aria-label="Find users" className="toolbar" onSubmit={submit}>
        <TextField
          label="Name, username or email starts with"
          type="search"
          name="q"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
          }}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <PagedResults
        query={query}
        count={users.length}
        loading="Loading users…"
        errorTitle="Users could not be loaded."
        empty={q ? `Nobody's name, username or email starts with “${q}”.` : "No users yet."}
      >
        <div className="table-wrap">
          <table className="table table-stack">
            <caption className="visually-hidden">Users, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Joined</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const name = user.display_name ?? user.username ?? user.email ?? user.id;
                return (
                  <tr key={user.id}>
                    <th scope="row">
                      {name}
                      {user.username ? <div className="muted">@{user.username}</div> : null}
                    </th>
                    <td data-label="Email">{user.email ?? "—"}</td>
                    <td data-label="Joined">
                      {user.created_at ? formatMoment(user.created_at) : "—"}
                    </td>
                    <td data-label="Roles">
                      <RoleEditor userId={user.id} name={name} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </PagedResults>
    </section>
  );
}
