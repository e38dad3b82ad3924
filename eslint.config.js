import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The engine must stay deterministic: the seed and the command log decide everything,
// so it may not read a clock, a timer, Math.random, the DOM, or import React.
const impureInEngine = [
  { name: 'Date', message: 'The engine never reads a clock: use simulated time (state.nowMs).' },
  { name: 'setTimeout', message: 'The engine owns no timers: schedule work on the event queue.' },
  { name: 'setInterval', message: 'The engine owns no timers: schedule work on the event queue.' },
  { name: 'requestAnimationFrame', message: 'The engine owns no timers.' },
  { name: 'performance', message: 'The engine never reads a clock.' },
  { name: 'window', message: 'The engine has no DOM.' },
  { name: 'document', message: 'The engine has no DOM.' },
  { name: 'crypto', message: 'Ids are counters; randomness comes from the seeded PRNG (rng.ts).' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'shots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/store/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', ...impureInEngine],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (rng.ts).' },
        { object: 'Date', property: 'now', message: 'The engine never reads a clock.' },
        // Transcendental functions may round differently on other JavaScript engines; the
        // state must be identical on every machine.
        ...[
          'log',
          'log2',
          'log10',
          'exp',
          'pow',
          'sin',
          'cos',
          'tan',
          'atan2',
          'cbrt',
          'hypot',
        ].map((property) => ({
          object: 'Math',
          property,
          message:
            'Not exact on every engine: the state must be identical everywhere. Use exact arithmetic (see histogram.ts).',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='**']",
          message: 'Not exact on every engine for all operands: use exact arithmetic.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-dom',
                'react/*',
                '@xyflow/*',
                'zustand',
                'zustand/*',
                'framer-motion',
              ],
              message: 'The engine is pure TypeScript, no UI.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto'],
              message: 'The engine runs in the browser too: no Node APIs.',
            },
          ],
        },
      ],
    },
  },
);
