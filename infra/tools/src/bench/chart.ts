import { writeFileSync } from "node:fs";
import type { BenchReport } from "./report";
import type { MemoryRow } from "./storm-run";

/** Each scenario's share of its ceiling, and each service's peak RSS in the storm, as one PNG. */
export async function writeChart(
  file: string,
  report: BenchReport,
  memory: MemoryRow[],
): Promise<void> {
  // ESM-only packages, loaded when a chart is drawn.
  const vega = await import("vega");
  const vegaLite = await import("vega-lite");
  const { Resvg } = await import("@resvg/resvg-js");
  const ratios = report.rows
    .filter((r) => r.ratio !== null)
    .map((r) => ({ scenario: r.scenario.split(" (")[0], percent: (r.ratio ?? 0) * 100 }));
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Turnout benchmark ${report.startedAt} (${report.machine.cpus} cores)`,
    background: "white",
    vconcat: [
      {
        title: "Measured as % of the ceiling measured in the same run",
        data: { values: ratios },
        mark: { type: "bar", tooltip: true },
        encoding: {
          y: {
            field: "scenario",
            type: "nominal",
            sort: null,
            title: null,
            axis: { labelLimit: 400 },
          },
          x: { field: "percent", type: "quantitative", title: "% of ceiling" },
        },
        width: 320,
      },
      {
        title: "Peak VmRSS during the registration storm",
        data: { values: memory.map((m) => ({ service: m.service, mib: m.peakMiB })) },
        mark: { type: "bar", color: "#e45756" },
        encoding: {
          y: { field: "service", type: "nominal", sort: null, title: null },
          x: { field: "mib", type: "quantitative", title: "MiB" },
        },
        width: 240,
      },
    ],
  };
  const compiled = vegaLite.compile(spec as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true },
  })
    .render()
    .asPng();
  writeFileSync(file, png);
}
