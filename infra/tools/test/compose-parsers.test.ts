import { dockerIgnored, parseDockerfile } from "./compose-dockerfile";
import { interpolate, parseEnvFile } from "./compose-interpolate";

describe("the check's own parsers", () => {
  it("interpolate as compose does", () => {
    const env = { SET: "v", EMPTY: "" };
    expect(interpolate("${SET}-${UNSET}-$SET-$$SET", env).value).toBe("v--v-$SET");
    expect(interpolate("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}", env).value).toBe("d||d");
    expect(interpolate("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}", env).value).toBe("alt||alt");
    expect(interpolate("${EMPTY:?needed}${UNSET?gone}${EMPTY?fine}", env).errors).toEqual([
      "EMPTY: needed",
      "UNSET: gone",
    ]);
  });

  it("read env files, .dockerignore and Dockerfiles", () => {
    expect(parseEnvFile("# c\nA=1\nexport B='two words'\nC=x # note\n")).toEqual({
      A: "1",
      B: "two words",
      C: "x",
    });
    const ignore = "**/node_modules\n.env*\n!.env.example\n/dist\n";
    expect(dockerIgnored(ignore, "a/b/node_modules/x")).toBe(true);
    expect(dockerIgnored(ignore, ".env.local")).toBe(true);
    expect(dockerIgnored(ignore, ".env.example")).toBe(false);
    expect(dockerIgnored(ignore, "dist/main.js")).toBe(true);
    expect(dockerIgnored(ignore, "src/dist")).toBe(false);
    const { stages } = parseDockerfile(
      "ARG BASE=node:1\nFROM --platform=linux/amd64 ${BASE} AS a\nRUN x \\\n  # note\n  && y\nFROM a\n",
    );
    expect(stages.map((s) => [s.name, s.from, s.platform])).toEqual([
      ["a", "node:1", "linux/amd64"],
      ["1", "a", undefined],
    ]);
    expect(stages[0]?.instructions[0]?.args).toMatch(/^x\s+&& y$/);
  });
});
