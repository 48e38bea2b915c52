// ESLint: typescript-eslint's recommended type-aware rules for the TypeScript sources; formatting is
// Prettier's (.prettierrc), not ESLint's.
"use strict";
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
    { ignores: ["dist/**", "node_modules/**", ".tools/**", "**/*.d.ts"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            // A variable a closure reads before its one assignment (resolved lazily) cannot be a const.
            "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
            // Off on purpose: ecs-ops rethrows with a message of its own and no `cause`, so that an SDK's
            // error text (which can quote a request with a password or a signature) never reaches a log
            // through Node's "[cause]" printing; every such rethrow says what failed in its own words.
            "preserve-caught-error": "off",
        },
    },
    {
        // The tests navigate the JSON answers of two clouds' APIs field by field; `any` is the honest type of
        // those bodies there. Product code (provider/, components/, emulator/, drift/) keeps the rule.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                __dirname: "readonly",
                console: "readonly",
                Buffer: "readonly",
                setTimeout: "readonly",
                clearTimeout: "readonly",
                setInterval: "readonly",
                clearInterval: "readonly",
            },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
