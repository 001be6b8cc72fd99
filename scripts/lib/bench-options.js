'use strict';
// Command-line options of the benchmark scripts (`--seeds 1-8`, `--journeys 100000`): one reading
// for all of them, and one clear error when a value is missing or not a number.

/** The text after `--name`, or `fallback` when the option is not given. */
function optionText(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

/** The number after `--name`, or `fallback` when the option is not given. */
function optionNumber(name, fallback) {
  const text = optionText(name, undefined);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) fail(`${name}: expected a number, found ${JSON.stringify(text)}`);
  return value;
}

/** `--name A-B` (or `--name N`) as [A, B], or `fallback` ("1-8") when the option is not given. */
function optionRange(name, fallback) {
  const text = optionText(name, fallback);
  const [first, last = first] = text.split('-').map(Number);
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first) fail(`${name}: expected a range such as 1-8, found ${JSON.stringify(text)}`);
  return [first, last];
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

module.exports = { optionText, optionNumber, optionRange };
