#!/usr/bin/env node
// `npm start`: the product's main job. Until the CRM sandbox lands, it compares every model on the
// example data set shipped in examples/demo.
'use strict';
const { join } = require('node:path');
const { main } = require('../core/dist/cli/main');

main(['compare', '--data', join(__dirname, '..', 'examples', 'demo'), '--models', 'all', '--rules', join(__dirname, '..', 'examples', 'custom-rules.json')]).then((code) => {
  process.exitCode = code;
});
