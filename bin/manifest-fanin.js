#!/usr/bin/env node
// The command-line entry: the same core as the action, driven by flags.
require("../dist/cli/index.js");
