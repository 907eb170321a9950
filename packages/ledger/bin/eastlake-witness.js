#!/usr/bin/env node
// Committed shim so npm links the command at install time, before dist/ exists.
import '../dist/witness-cli.js';
