import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { registerServiceWorker } from "./offline/register-service-worker";
import { createRoutes } from "./routes";
import "./styles.css";
import "./styles/forms.css";
import "./styles/components.css";
import "./styles/lists.css";
import "./styles/pages.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <RouterProvider router={createBrowserRouter(createRoutes())} />
  </StrictMode>,
);

registerServiceWorker();
