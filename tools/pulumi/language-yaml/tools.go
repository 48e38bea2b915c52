//go:build tools

// Package tools pins the build of the Pulumi YAML language host: `go build
// github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml` from this module uses the versions in go.mod/go.sum
// (see scripts/ensure-pulumi.js). It is a module of its own because pulumi-yaml v1.25.0 is written against
// github.com/pulumi/pulumi/pkg/v3 v3.206.0 and does not compile against the CLI's newer pkg/v3 (plugin.Host /
// plugin.NewContextWithRoot changed); the host talks to the engine over gRPC, so the versions need not agree.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
