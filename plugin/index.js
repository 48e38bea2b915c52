// The entry of the ecs-ops provider plugin (PulumiPlugin.yaml): @pulumi/pulumi/cmd/run-plugin
// requires this folder and awaits what it exports; serve() resolves once the provider listens.
"use strict";
module.exports = require("../dist/components/plugin/main").serve();
