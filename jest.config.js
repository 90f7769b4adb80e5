// Every suite runs through ts-jest without type-checking (the build's `tsc` does that once);
// jose 6 ships ES modules only, so it is transformed to CommonJS for jest's module loader.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(jose)/)"],
  testTimeout: 120000,
  maxWorkers: 1,
};
