// The shared type-aware preset, plus React's hooks rules and the test relaxations for .tsx.
const reactHooks = require("eslint-plugin-react-hooks");

module.exports = [
  ...require("@turnout/config/eslint")(__dirname),
  { files: ["**/*.{ts,tsx}"], ...reactHooks.configs.flat["recommended-latest"] },
  {
    files: ["**/*.test.tsx", "test/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
];
