//go:build tools

// Package tools pins the Pulumi CLI build: `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` from this
// module uses the versions in go.mod/go.sum (see scripts/ensure-pulumi.js).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
